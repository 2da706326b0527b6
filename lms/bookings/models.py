"""Booking requests for the tailored formats, their quotes, and coaching/advice engagements.

Pages are referred to by string (``"courses.TrainingFormatPage"``, ``"courses.InstitutionPage"``)
so the domain never imports the CMS. Every change of state goes through ``services.py``.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.accounts.institutions import managed_page_paths, under_paths
from lms.accounts.models import Organisation, OrganisationMembership

from . import money


def _contact_organisations(user):
    """Ids of organisations for which ``user`` is an approved contact."""
    return OrganisationMembership.objects.filter(
        user=user,
        role=OrganisationMembership.Role.CONTACT,
        status=OrganisationMembership.Status.APPROVED,
    ).values("organisation_id")


def _managed_institutions(user, path_field: str) -> Q:
    """Rows whose assigned institution (tree path in ``path_field``) ``user`` manages."""
    return under_paths(path_field, managed_page_paths(user))


class FormatKind(models.TextChoices):
    """The five tailored formats; values equal ``courses.TrainingFormatPage.Kind``."""

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


class BookingRequestQuerySet(models.QuerySet):
    def for_user(self, user):
        """Requests ``user`` may see: all for the programme team; for an organisation contact
        their organisations'; their own (``requested_by``); for an institution manager those
        assigned to the institution."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(
            Q(organisation_id__in=_contact_organisations(user))
            | Q(requested_by=user)  # the person who sent it, logged in, follows it too
            | _managed_institutions(user, "institution__path")
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
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="booking_requests",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=Organisation.Kind.choices
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
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


class QuoteQuerySet(models.QuerySet):
    def for_user(self, user):
        """Quotes ``user`` may see: those of the booking requests they may see."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(
            Q(booking__organisation_id__in=_contact_organisations(user))
            | Q(booking__requested_by=user)
            | _managed_institutions(user, "booking__institution__path")
        )


class Quote(ClusterableModel):
    """A priced offer for a booking request.

    A draft is edited in the admin; ``send_quote`` numbers it, locks its content and mails the
    PDF with a secret decision link. Only the SHA-256 of that link's token is stored. A revised
    quote supersedes the previous one, whose link then refuses.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SUPERSEDED = "superseded", _("Superseded")

    booking = models.ForeignKey(
        BookingRequest, on_delete=models.PROTECT, related_name="quotes", verbose_name=_("booking")
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)
    valid_until = models.DateField(_("valid until"))
    planned_delivery_date = models.DateField(
        _("planned delivery date"),
        null=True,
        blank=True,
        help_text=_("VAT on the quote follows this date; the invoice follows the real one."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by_name = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_by_role = models.CharField(_("role"), max_length=200, blank=True)
    po_number = models.CharField(
        _("purchase-order number"),
        max_length=50,
        blank=True,
        help_text=_("The organisation's order reference, given when it accepts; on the invoice."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="quote_number_unique"
            ),
        ]

    def __str__(self):
        return self.number or _("Draft quote for %(booking)s") % {"booking": self.booking}

    @property
    def quote_date(self):
        """The date of the quote in Europe/Amsterdam: when it was sent, else today."""
        return timezone.localdate(self.sent_at) if self.sent_at else timezone.localdate()

    def planned_delivery(self) -> dt.date:
        """The date the quote expects delivery (Europe/Amsterdam): its planned delivery date,
        else the request's preferred end or start, else the quote's date."""
        booking = self.booking
        return (
            self.planned_delivery_date
            or booking.preferred_end
            or booking.preferred_start
            or self.quote_date
        )

    def totals(self) -> money.Totals:
        """Net subtotal, VAT per (category, rate) and total of this quote's lines.

        A sent quote uses the VAT fixed when it was sent; a draft applies the one VAT rule
        (``lms.billing.vat``) on the planned delivery date (see ``money``).
        """
        from .invoicing import decided_lines

        return money.totals(decided_lines(self))

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until < today


class QuoteLine(models.Model):
    """One priced line of a quote. ``unit_price`` is net euros; ``net_amount`` is rounded."""

    class Kind(models.TextChoices):
        TRAINER_DAYS = "trainer_days", _("Trainer days")
        PREPARATION = "preparation", _("Preparation")
        MATERIALS = "materials", _("Materials")
        TRAVEL = "travel", _("Travel")
        VENUE = "venue", _("Venue")
        COACHING_HOURS = "coaching_hours", _("Coaching hours")
        ADVICE_HOURS = "advice_hours", _("Advice hours")

    quote = ParentalKey(Quote, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(
        pgettext_lazy("field", "description"), max_length=255, blank=True
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price (net, euros)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    exempt_basis = models.CharField(
        _("exempt on other grounds: legal basis"),
        max_length=120,
        blank=True,
        help_text=_(
            "Only when this line is exempt from VAT on grounds other than CRKBO training, "
            "e.g. an article of the Wet OB 1968. The VAT is otherwise computed, never chosen."
        ),
    )
    exempt_reason = models.CharField(
        _("exempt on other grounds: reason"), max_length=200, blank=True
    )
    # The VAT decided when the quote was sent (on its planned delivery date); empty in a draft.
    vat_category = models.CharField(_("VAT category"), max_length=2, blank=True, editable=False)
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    vat_text = models.CharField(_("VAT exemption text"), max_length=300, blank=True, editable=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = ["kind", "description", "quantity", "unit_price", "exempt_basis", "exempt_reason"]

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="quote_line_quantity_pos"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="quote_line_price_nonneg"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity}"

    def clean(self):
        if bool(self.exempt_basis.strip()) != bool(self.exempt_reason.strip()):
            raise ValidationError(
                {
                    "exempt_reason": _(
                        "An exemption on other grounds needs both a legal basis and a reason."
                    )
                }
            )

    @property
    def net_amount(self) -> Decimal:
        return money.line_net(self.quantity, self.unit_price)

    @property
    def vat_category_rate(self) -> tuple[str, Decimal] | None:
        """The VAT fixed when the quote was sent, or ``None`` in a draft."""
        return (self.vat_category, self.vat_rate) if self.vat_category else None


class EngagementQuerySet(models.QuerySet):
    def for_user(self, user):
        """Engagements ``user`` may see: all for the team, their own for a coach, their
        organisation's for an approved organisation contact, and for an institution manager
        those of bookings assigned to the institution."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(
            Q(coaches=user)
            | Q(organisation_id__in=_contact_organisations(user))
            | _managed_institutions(user, "booking__institution__path")
        ).distinct()


class Engagement(models.Model):
    """Coaches or advisers working with an organisation inside its project.

    ``planned_hours`` and logged hours are Decimal hours. The project is optionally a
    ``courses.PilotProjectPage`` the programme follows; ``project_name`` names it otherwise
    (and keeps the name if that page is ever deleted). ``participants`` are the organisation's
    named people; when an engagement whose format grants one (see
    ``CERTIFICATE_KINDS``) is closed, each receives a certificate of participation.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    booking = models.ForeignKey(
        BookingRequest,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("booking"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("organisation"),
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="engagements", verbose_name=_("coaches")
    )
    project_name = models.CharField(_("project"), max_length=255, blank=True)
    pilot_project = models.ForeignKey(
        "courses.PilotProjectPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
        verbose_name=_("pilot project"),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="engagements_participated",
        verbose_name=_("named participants"),
    )
    goals = models.TextField(_("goals"))
    planned_hours = models.DecimalField(
        _("planned hours"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
    )
    starts_on = models.DateField(_("period from"))
    ends_on = models.DateField(_("period until"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    evaluation = models.TextField(_("evaluation"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned_hours__gt=0), name="engagement_hours_pos"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="engagement_period_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.project_title}"

    @property
    def project_title(self) -> str:
        """The pilot project's title, else the project name, else the format."""
        if self.pilot_project_id:
            return self.pilot_project.title
        return self.project_name or str(self.booking.get_format_kind_display())


class EngagementSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Logged sessions of the engagements ``user`` may see."""
        return self.filter(engagement__in=Engagement.objects.for_user(user).values("pk"))


class EngagementSession(models.Model):
    """One logged coaching or advice session. ``duration_hours`` in Decimal hours.

    ``confidential_notes`` are for the engagement's coaches and the programme team only
    (see :meth:`notes_visible_to`).
    """

    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("engagement")
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("coach"),
    )
    date = models.DateField(_("date"))
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    topics = models.TextField(_("topics"))
    participants = models.TextField(_("participants"), blank=True)
    confidential_notes = models.TextField(_("confidential notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = EngagementSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement session")
        verbose_name_plural = _("engagement sessions")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0) & Q(duration_hours__lte=24),
                name="engagement_session_duration_range",
            ),
        ]

    def __str__(self):
        return f"{self.engagement} – {self.date} ({self.duration_hours} h)"

    def notes_visible_to(self, user) -> bool:
        """True for the programme team and the engagement's coaches."""
        if not user.is_authenticated:
            return False
        if user.is_programme_team:
            return True
        return self.engagement.coaches.filter(pk=user.pk).exists()
