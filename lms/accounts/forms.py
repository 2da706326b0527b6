"""Forms for signing up, logging in and keeping one's profile."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User, normalise_email

# Autocomplete tokens for personal data (WCAG 1.3.5), shared by every form that asks for them.
GIVEN_NAME = {"autocomplete": "given-name"}
FAMILY_NAME = {"autocomplete": "family-name"}


def new_password_field(*, again: bool = False) -> forms.CharField:
    """A new-password field (``again``: the repeat), as sign-up and the staff invitation use
    it; :func:`check_new_password` checks the pair against ``AUTH_PASSWORD_VALIDATORS``."""
    if again:
        return forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        )
    return forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )


class SignUpForm(forms.Form):
    """Sign-up: name, e-mail address, password twice and the preferred language."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs=GIVEN_NAME)
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs=FAMILY_NAME)
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,  # the column
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    certificate_name = forms.CharField(
        label=_("Name on certificates"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Exactly as it must be printed; leave empty to use your first and last name."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    password1 = new_password_field()
    password2 = new_password_field(again=True)

    def clean_email(self):
        """The address, normalised. Whether it has an account is not checked here: the form
        must not tell (the view mails the existing owner instead)."""
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        check_new_password(self, cleaned, cleaned.get("email", ""))
        return cleaned


def check_new_password(form, cleaned: dict, email: str) -> None:
    """Add field errors to ``form`` when ``password1`` and ``password2`` differ or
    ``password1`` fails ``AUTH_PASSWORD_VALIDATORS`` (Django's and the Dutch list of
    ``password_rules``), judged against an account with ``email`` and the form's names."""
    p1, p2 = cleaned.get("password1"), cleaned.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", _("The two passwords do not match."))
    elif p1:
        probe = User(
            email=email,
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
        )
        try:
            password_validation.validate_password(p1, probe)
        except forms.ValidationError as error:
            form.add_error("password1", error)


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with e-mail address and password."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,  # the column
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class ProfileForm(forms.ModelForm):
    """What a person keeps about themselves: name, name on certificates, language."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "certificate_name", "language"]
        widgets = {
            "first_name": forms.TextInput(attrs=GIVEN_NAME),
            "last_name": forms.TextInput(attrs=FAMILY_NAME),
            "certificate_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }


class ContactRequestForm(forms.Form):
    """Ask to become a contact of an organisation."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    job_title = forms.CharField(
        label=_("Your job title"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, also for *active* accounts without a usable password (a colleague
    enrolled by an organisation contact who never claimed the account). Inactive accounts
    (deactivated or anonymised) get no mail, as before."""

    def get_users(self, email):
        return User.objects.filter(email=normalise_email(email), is_active=True).iterator()


class EmailChangeForm(forms.Form):
    """A new e-mail address, confirmed with the current password."""

    new_email = forms.EmailField(
        label=_("New e-mail address"),
        max_length=254,  # the column
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct."))
        return password
