"""Booking requests for the tailored formats, their quotes, and coaching/advice engagements.

Pages are referred to by string (``"courses.TrainingFormatPage"``, ``"courses.InstitutionPage"``)
so the domain never imports the CMS. Every change of state goes through ``services.py``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.model_fields import organisation_link, person_link
from lms.accounts.models import Organisation
from lms.accounts.querysets import ScopedQuerySet

from .visibility import contact_organisations, managed_institutions


class FormatKind(models.TextChoices):
    """The five tailored formats; ``courses.TrainingFormatPage.Kind`` is this class."""

    ON_THE_JOB = "on_the_job", _("Training on the job")
    TAILORED_TRAINING = "tailored_training", _("Tailored training")
    ADVICE = "advice", _("Advice")
    ROADSHOW = "roadshow", _("Roadshow")
    KNOWLEDGE_SESSION = "knowledge_session", _("Knowledge session")


#: Formats delivered as a private run of a module.
RUN_KINDS = frozenset(
    {FormatKind.TAILORED_TRAINING, FormatKind.ROADSHOW, FormatKind.KNOWLEDGE_SESSION}
)
#: Formats delivered as an engagement with logged hours.
ENGAGEMENT_KINDS = frozenset({FormatKind.ON_THE_JOB, FormatKind.ADVICE})
#: Engagement formats whose named participants receive a certificate of participation when
#: the engagement closes: training on the job is training; advice is not.
CERTIFICATE_KINDS = frozenset({FormatKind.ON_THE_JOB})
#: Formats that are not vocational training, so never VAT-exempt as such (art. 11 lid 1
#: onderdeel o Wet OB 1968 covers training only).
NON_TRAINING_KINDS = frozenset({FormatKind.ADVICE})


class BookingRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Requests ``user`` may see: all for the programme team; for an organisation contact
        their organisations'; their own (``requested_by``); for an institution manager those
        assigned to the institution."""
        return self.filter(
            Q(organisation_id__in=contact_organisations(user))
            | Q(requested_by=user)  # the person who sent it, logged in, follows it too
            | managed_institutions(user, "institution__path")
        )


class BookingRequest(models.Model):
    """An organisation's request for a tailored format, and its lifecycle.

    States: new → intake → quoted → accepted → scheduled → delivered → invoiced, or declined /
    withdrawn. ``budget_indication`` is in euros (net). Organisation data are copied as entered;
    ``organisation`` links the request to a known buyer (matched on KvK/OIN/name, or set by the
    programme team) and scopes what organisation contacts see.
    """

    class State(models.TextChoices):
        NEW = "new", _("New")
        INTAKE = "intake", _("Intake")
        QUOTED = "quoted", _("Quoted")
        ACCEPTED = "accepted", _("Accepted")
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        INVOICED = "invoiced", _("Invoiced")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Place(models.TextChoices):
        OWN_PREMISES = "own_premises", _("At our own premises")
        ELSEWHERE = "elsewhere", _("Elsewhere")
        ONLINE = "online", _("Online")

    class AudienceLevel(models.TextChoices):
        ADMINISTRATORS = "administrators", _("Administrators")
        COUNCIL_MEMBERS = "council_members", _("Council members")
        CIVIL_SERVANTS = "civil_servants", _("Civil servants")
        PRIVATE_LEVELS = "private_parties", _("Levels within private parties")

    format = models.ForeignKey(
        "courses.TrainingFormatPage",
        on_delete=models.PROTECT,
        related_name="booking_requests",
        verbose_name=_("format"),
    )
    format_kind = models.CharField(_("format kind"), max_length=20, choices=FormatKind.choices)
    organisation = organisation_link("booking_requests")
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Organisation.Kind.choices
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    requested_by = person_link()
    audience_levels = models.JSONField(_("audience levels"), default=list)
    expected_participants = models.PositiveIntegerField(
        _("expected number of participants"),
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    preferred_start = models.DateField(_("preferred period from"))
    preferred_end = models.DateField(_("preferred period until"))
    place = models.CharField(_("place"), max_length=20, choices=Place.choices)
    place_detail = models.CharField(_("address or place"), max_length=255, blank=True)
    question = models.TextField(_("question or theme"))
    modules = models.ManyToManyField(
        "courses.CourseModulePage", blank=True, related_name="+", verbose_name=_("related modules")
    )
    budget_indication = models.DecimalField(
        _("budget indication (net, euros)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    language = models.CharField(max_length=5, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.NEW)
    institution = models.ForeignKey(
        "courses.InstitutionPage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking_requests",
        verbose_name=_("institution"),
    )
    responsible = person_link(_("responsible person"))
    internal_notes = models.TextField(_("internal notes"), blank=True)
    run = models.OneToOneField(
        "enrolment.CourseRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("private run"),
    )
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking request")
        verbose_name_plural = _("booking requests")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_end__gte=models.F("preferred_start")),
                name="booking_period_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.organisation_name} – {self.get_format_kind_display()} (#{self.pk})"

    def get_audience_levels_display(self) -> list[str]:
        labels = dict(self.AudienceLevel.choices)
        return [str(labels.get(level, level)) for level in self.audience_levels]

    @property
    def is_run_kind(self) -> bool:
        return self.format_kind in RUN_KINDS


class QuoteNumberSeries(models.Model):
    """One gap-free quote-number series per institution per calendar year.

    The row is locked (``select_for_update``) while a number is taken, so two quotes never
    share a number and none is skipped. The printed prefix is the seller profile's quote
    prefix (``lms.billing``); ``prefix`` here (``OFF-<code>``) is the fallback while the
    institution has none.
    """

    institution = models.ForeignKey(
        "courses.InstitutionPage", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    prefix = models.CharField(_("prefix"), max_length=20)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("quote number series")
        verbose_name_plural = _("quote number series")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="quote_series_unique"),
        ]

    def __str__(self):
        return f"{self.prefix} {self.year}: {self.last_number}"


# Kept apart so each module reads in one sitting; imported here so Django registers them and
# ``from lms.bookings.models import Quote`` keeps working.
from .models_engagement import Engagement, EngagementSession  # noqa: E402, F401
from .models_quote import Quote, QuoteLine  # noqa: E402, F401
