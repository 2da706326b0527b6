"""The public form where an employer types a certificate's verification code."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import CODE_LENGTH, normalise_code


class CertificateLookupForm(forms.Form):
    """One field, the code as printed (groups, spaces and case do not matter)."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code is on the certificate, for example 7KQ2-M9XP-4TRD-HW3C."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "spellcheck": "false", "autocomplete": "off"}
        ),
    )

    def clean_code(self) -> str:
        """The stored form of the code; a code of the wrong length is refused here."""
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A verification code has %(length)d letters and digits.")
                % {"length": CODE_LENGTH}
            )
        return code
