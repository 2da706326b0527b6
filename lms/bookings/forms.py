"""Forms of the bookings app: the public request form, the quote decision, logging hours, and
the programme team's admin forms. Forms validate input; services decide and write."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.model_fields import ModelIdsField
from lms.accounts.models import COACHES_GROUP, PROGRAMME_TEAM_GROUP, Organisation
from lms.enrolment.selectors import module_pages

from .models import BookingRequest
from .selectors import institution_pages, pilot_project_pages

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BookingRequestForm(forms.ModelForm):
    """The public booking request. ``website`` is a honeypot: people leave it empty."""

    audience_levels = forms.MultipleChoiceField(
        label=_("Audience levels"),
        choices=BookingRequest.AudienceLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one audience level.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.HiddenInput,  # no autocomplete: not allowed on a hidden input
    )

    class Meta:
        model = BookingRequest
        fields = [
            "organisation_name",
            "organisation_kind",
            "kvk_number",
            "oin",
            "contact_name",
            "contact_email",
            "contact_phone",
            "audience_levels",
            "expected_participants",
            "preferred_start",
            "preferred_end",
            "place",
            "place_detail",
            "question",
            "modules",
            "budget_indication",
        ]
        field_classes = {"modules": ModelIdsField}
        widgets = {
            "preferred_start": DATE_INPUT,
            "preferred_end": DATE_INPUT,
            "modules": forms.SelectMultiple,
            "question": forms.Textarea(attrs={"rows": 5}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TelInput(attrs={"autocomplete": "tel"}),
        }
        help_texts = {
            "kvk_number": _("8 digits. Companies give their KvK number, governments their OIN."),
            "oin": _("20 digits (Organisatie-identificatienummer)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = module_pages(live=True)
        self.fields["modules"].required = False

    def clean_kvk_number(self):
        value = self.cleaned_data["kvk_number"].replace(" ", "")
        if value and (not value.isdigit() or len(value) != 8):
            raise forms.ValidationError(_("A KvK number has exactly 8 digits."))
        return value

    def clean_oin(self):
        value = self.cleaned_data["oin"].replace(" ", "")
        if value and (not value.isdigit() or len(value) != 20):
            raise forms.ValidationError(_("An OIN has exactly 20 digits."))
        return value

    def clean_preferred_start(self):
        value = self.cleaned_data["preferred_start"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The preferred period cannot start in the past."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Your request could not be sent."))
        kind = data.get("organisation_kind")
        # A malformed number already has its own message; do not also ask for one.
        malformed = "oin" in self.errors or "kvk_number" in self.errors
        if kind == "company" and not data.get("kvk_number") and not malformed:
            self.add_error("kvk_number", _("Please give your KvK number."))
        elif kind and kind != "company" and not (data.get("oin") or data.get("kvk_number")):
            if not malformed:
                self.add_error("oin", _("Please give your OIN or KvK number."))
        start, end = data.get("preferred_start"), data.get("preferred_end")
        if start and end and end < start:
            self.add_error("preferred_end", _("The period must end on or after its start."))
        if data.get("place") == BookingRequest.Place.ELSEWHERE and not data.get("place_detail"):
            self.add_error("place_detail", _("Please say where."))
        return data

    def booking_data(self) -> dict:
        """Cleaned data for :func:`services.submit_booking_request` (without the honeypot)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "website"}


class QuoteDecisionForm(forms.Form):
    """Accept or decline a quote, recording who did so."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    role = forms.CharField(label=_("Your role"), max_length=200)
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept the quote")), ("decline", _("Decline the quote"))],
        widget=forms.RadioSelect,
    )
    po_number = forms.CharField(
        label=_("Purchase-order number"),
        max_length=50,
        required=False,
        help_text=_("Your order reference; it is printed on the invoice."),
    )


class LogSessionForm(forms.Form):
    """A coach logs one session."""

    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        decimal_places=2,
    )
    topics = forms.CharField(label=_("Topics"), widget=forms.Textarea(attrs={"rows": 3}))
    participants = forms.CharField(
        label=_("Participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confidential_notes = forms.CharField(
        label=_("Confidential notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible only to the engagement's coaches and the programme team."),
    )

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A session cannot be logged for a future date."))
        return value


class CloseEngagementForm(forms.Form):
    evaluation = forms.CharField(label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 5}))


# --- admin forms (programme team) ----------------------------------------------------------


class AssignForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=None, required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=None, required=False
    )
    internal_notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institution_pages()
        self.fields["responsible"].queryset = get_user_model().objects.filter(
            groups__name=PROGRAMME_TEAM_GROUP
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PrivateRunForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=None)
    code = forms.CharField(label=_("Run code"), max_length=40)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=2000)
    place = forms.CharField(label=_("Place"), required=False, max_length=255)
    first_session = forms.DateTimeField(label=_("First session starts"))
    hours_per_session = forms.DecimalField(
        label=_("Hours per session"), min_value=Decimal("0.5"), max_value=Decimal("12")
    )
    session_count = forms.IntegerField(label=_("Number of sessions"), min_value=1, max_value=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = module_pages()

    def sessions(self):
        """Weekly sessions from the first start, as (starts_at, ends_at) pairs."""
        start = self.cleaned_data["first_session"]
        length = dt.timedelta(hours=float(self.cleaned_data["hours_per_session"]))
        return [
            (start + dt.timedelta(weeks=i), start + dt.timedelta(weeks=i) + length)
            for i in range(self.cleaned_data["session_count"])
        ]


class EngagementForm(forms.Form):
    coaches = ModelIdsField(label=_("Coaches or advisers"), queryset=None)
    project_name = forms.CharField(label=_("Project"), required=False, max_length=255)
    pilot_project = forms.ModelChoiceField(label=_("Pilot project"), queryset=None, required=False)
    participants = forms.CharField(
        label=_("Named participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E-mail addresses of their accounts, one per line."),
    )
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    planned_hours = forms.DecimalField(
        label=_("Planned hours"), min_value=Decimal("0.25"), max_digits=7, decimal_places=2
    )
    starts_on = forms.DateField(label=_("Period from"), widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Period until"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = get_user_model().objects.filter(
            groups__name=COACHES_GROUP
        )
        self.fields["pilot_project"].queryset = pilot_project_pages()

    def clean_participants(self):
        """The users with the listed e-mail addresses; an unknown address is an error."""
        emails = [e.strip().lower() for e in self.cleaned_data["participants"].split() if e]
        users = list(get_user_model().objects.filter(email__in=emails))
        unknown = sorted(set(emails) - {u.email.lower() for u in users})
        if unknown:
            raise forms.ValidationError(
                _("No account has the address %(emails)s.") % {"emails": ", ".join(unknown)}
            )
        return users


class LinkOrganisationForm(forms.Form):
    """The programme team links a request to a known organisation (``linking``)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
    )
