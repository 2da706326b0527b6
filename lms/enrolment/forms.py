"""Forms of the enrolment pages."""

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
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

    def save(self):
        """Set name and password of a new account and mark its address verified."""
        person = self.person
        if "password" in self.cleaned_data:
            person.first_name = self.cleaned_data["first_name"]
            person.last_name = self.cleaned_data["last_name"]
            person.set_password(self.cleaned_data["password"])
        if person.email_verified_at is None:
            person.email_verified_at = timezone.now()
        person.save()
        return person


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
