"""Forms of the staff invitations: the admin's invitation form and the invitee's accept form.
The rules are asked of :mod:`lms.accounts.staff_invitations`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import staff_invitations
from .forms import FAMILY_NAME, GIVEN_NAME, check_new_password, new_password_field
from .models import StaffInvitation, normalise_email


class InviteForm(forms.Form):
    """E-mail address, role and institution; the institutions and roles offered are those
    ``user`` may invite to (``staff_invitations.invitable_*``)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"))
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=None, empty_label=None)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = staff_invitations.invitable_institutions(user)
        roles = staff_invitations.invitable_roles(user)
        self.fields["role"].choices = [(r, StaffInvitation.Role(r).label) for r in roles]
        self.fields["role"].initial = StaffInvitation.Role.EDITOR
        if len(roles) == 1:
            self.fields["role"].help_text = _("As a manager you invite editors.")

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class AcceptNewAccountForm(forms.Form):
    """A person without an account (or without a password) chooses name and password; the
    password goes through ``AUTH_PASSWORD_VALIDATORS`` (with the Dutch list)."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs=GIVEN_NAME)
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs=FAMILY_NAME)
    )
    password1 = new_password_field()
    password2 = new_password_field(again=True)

    def __init__(self, email: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, cleaned, self.email)
        return cleaned
