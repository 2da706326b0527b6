"""Forms of the enrolment pages."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import FAMILY_NAME, GIVEN_NAME


class ClaimForm(forms.Form):
    """Claiming a reserved place: a new account chooses its name and password."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs=GIVEN_NAME)
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs=FAMILY_NAME)
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        if person.has_usable_password():
            # An existing account only confirms; it logs in with what it has.
            for name in ("first_name", "last_name", "password"):
                del self.fields[name]

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password, self.person)
        return password

    def account(self) -> dict | None:
        """The name and password a new account chooses (for ``services.claim_place``), or
        ``None`` for an existing account, which only confirms."""
        if "password" not in self.cleaned_data:
            return None
        return {name: self.cleaned_data[name] for name in ("first_name", "last_name", "password")}


def _score_field(label, low: int, high: int, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, str(n)) for n in range(low, high + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


# The labelled ends of the 1–10 scales, read out with each scale (its fieldset's description).
SCORE_ENDS = _("1: very poor, 10: excellent.")


class EvaluationForm(forms.Form):
    """The participant's evaluation: four scores 1–10, would-recommend 0–10, comments."""

    content_score = _score_field(_("Content"), 1, 10, SCORE_ENDS)
    trainer_score = _score_field(_("Trainer"), 1, 10, SCORE_ENDS)
    organisation_score = _score_field(_("Organisation"), 1, 10, SCORE_ENDS)
    applicability_score = _score_field(_("Applicability in your own work"), 1, 10, SCORE_ENDS)
    would_recommend = _score_field(
        _("How likely are you to recommend this module to a colleague?"),
        0,
        10,
        help_text=_("0: not at all likely, 10: extremely likely."),
    )
    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The institution reads your comments without your name."),
    )
