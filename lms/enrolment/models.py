"""Runs, sessions, enrolments and attendance.

A CourseRun is one scheduled offering of a module (a ``courses.CourseModulePage``, referred to by
string so the domain never imports the CMS). Its dates come from its sessions; its free seats come
from ``lms.enrolment.seats`` and are never stored.
"""

import datetime
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


class CourseRunQuerySet(models.QuerySet):
    def with_dates(self):
        """Annotate ``first_start`` and ``last_end`` (UTC datetimes) from the sessions."""
        return self.annotate(
            first_start=Min("sessions__starts_at"),
            last_end=models.Max("sessions__ends_at"),
        )

    def upcoming(self, now=None):
        """Published public runs whose first session lies in the future."""
        now = now or timezone.now()
        return (
            self.with_dates()
            .filter(status=CourseRun.Status.PUBLISHED, is_private=False, first_start__gt=now)
            .order_by("first_start", "pk")
        )

    def for_user(self, user):
        """Runs ``user`` may manage: all for the programme team; for an institution manager
        the runs of modules in the institution's subtree; none otherwise."""
        from lms.accounts.institutions import managed_page_paths, under_paths

        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(under_paths("module__path", managed_page_paths(user)))


def new_invite_code() -> str:
    """A fresh unguessable invite code (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class WaitlistMode(models.TextChoices):
    OFFER = "offer", _("Offer the seat to the next person")
    CONFIRM = "confirm", _("Confirm the next person directly")


class CourseRun(ClusterableModel):
    """One scheduled offering of a module: sessions, a place, a number of seats and a price.

    ``price`` is the net base price per participant in euros (``Decimal``, two places).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for enrolment")
        CLOSED = "closed", _("Enrolment closed")
        CANCELLED = "cancelled", _("Cancelled")

    module = models.ForeignKey(
        "courses.CourseModulePage",
        on_delete=models.PROTECT,
        related_name="runs",
        verbose_name=_("module"),
    )
    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("A short unique code, e.g. TUD-GT-01.")
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Optional; the module's title is used when empty."),
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1)], default=20
    )
    price = models.DecimalField(
        _("price (net, euros)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Private runs do not appear in the catalogue; people join by invite link."),
    )
    invite_code = models.CharField(
        _("invite code"),
        max_length=43,
        unique=True,
        default=new_invite_code,
        editable=False,
        help_text=_("The secret in a private run's invite link."),
    )
    enrolment_opens_at = models.DateTimeField(
        _("enrolment opens"), null=True, blank=True, help_text=_("Empty: open at once.")
    )
    enrolment_closes_at = models.DateTimeField(
        _("enrolment closes"), null=True, blank=True, help_text=_("Empty: until the run starts.")
    )
    free_cancellation_days = models.PositiveIntegerField(
        _("free cancellation until (days before the first session)"), default=14
    )
    min_participants = models.PositiveIntegerField(_("minimum number of participants"), default=0)
    go_decision_on = models.DateField(_("go/no-go decision date"), null=True, blank=True)
    go_confirmed_at = models.DateTimeField(_("go confirmed at"), null=True, blank=True)
    waitlist_mode = models.CharField(
        _("when a seat frees up"),
        max_length=10,
        choices=WaitlistMode.choices,
        default=WaitlistMode.OFFER,
    )
    offer_hours = models.PositiveIntegerField(
        _("offer valid for (hours)"), default=48, validators=[MinValueValidator(1)]
    )
    requires_approval = models.BooleanField(
        _("requires staff approval"),
        default=False,
        help_text=_("Enrolments wait as pending until staff approve them."),
    )
    hold_days = models.PositiveIntegerField(
        _("pending places held for (days)"), default=7, validators=[MinValueValidator(1)]
    )
    prerequisite_module = models.ForeignKey(
        "courses.CourseModulePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requires completion of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CourseRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("run")
        verbose_name_plural = _("runs")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="run_price_not_negative"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="run_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.display_title} ({self.code})"

    @property
    def display_title(self) -> str:
        return self.title or self.module.title

    @property
    def is_free(self) -> bool:
        return self.price == 0

    def first_session_start(self):
        """The UTC start of the first session, or ``None`` when there are none."""
        if hasattr(self, "first_start"):
            return self.first_start
        return self.sessions.aggregate(v=Min("starts_at"))["v"]

    def clean(self):
        super().clean()
        if self.pk and self.capacity:
            from .seats import seats_taken

            taken = seats_taken(self)
            if self.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(taken)s seats are taken; the run cannot have fewer seats than that."
                        )
                        % {"taken": taken}
                    }
                )

    def schedule_fingerprint(self) -> tuple:
        """What participants are told about when it changes: place and session times/places."""
        return (
            self.place,
            tuple(
                self.sessions.order_by("starts_at", "pk").values_list(
                    "starts_at", "ends_at", "location"
                )
            ),
        )

    def free_cancellation_until(self):
        """The UTC moment until which cancelling is free, or ``None`` without sessions."""
        start = self.first_session_start()
        if start is None:
            return None
        return start - datetime.timedelta(days=self.free_cancellation_days)

    def has_started(self, now=None) -> bool:
        start = self.first_session_start()
        return start is None or start <= (now or timezone.now())


class Session(models.Model):
    """One meeting of a run. ``starts_at``/``ends_at`` are stored in UTC."""

    run = ParentalKey(CourseRun, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(
        _("location"), max_length=255, blank=True, help_text=_("Empty: the run's place.")
    )
    online_url = models.URLField(_("online link"), blank=True)
    is_compulsory = models.BooleanField(
        _("compulsory"),
        default=False,
        help_text=_("Participants must attend this session to complete the run."),
    )

    panels = ["title", "starts_at", "ends_at", "location", "online_url", "is_compulsory"]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.title or _('Session')} {local:%d-%m-%Y %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    @property
    def where(self) -> str:
        return self.location or self.run.place


class EnrolmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Enrolments ``user`` may see: all for the programme team; their own; and for an
        institution manager those in the runs of the institution's modules."""
        from lms.accounts.institutions import managed_page_paths, under_paths

        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        # Own places, the institution's runs for its managers, and for an approved organisation
        # contact the organisation's enrolments.
        contact_of = user.memberships.filter(role="contact", status="approved").values(
            "organisation_id"
        )
        visible = Q(user=user) | Q(organisation_id__in=contact_of)
        paths = managed_page_paths(user)
        if paths:
            visible |= under_paths("run__module__path", paths)
        return self.filter(visible)

    def live(self):
        return self.exclude(state=Enrolment.State.CANCELLED)


class Enrolment(models.Model):
    """A person's place in a run, with the price and payer it was taken at.

    ``price`` is the net amount in euros fixed at enrolment; later price changes of the run do
    not touch it. The states are the enrolment states listed below.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NOT_PASSED = "not_passed", _("Not passed")
        NO_SHOW = "no_show", _("No-show")

    class Payer(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        ORGANISATION = "organisation", _("Organisation")

    run = models.ForeignKey(
        CourseRun, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("run")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrolments",
        verbose_name=_("participant"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    price = models.DecimalField(_("price (net, euros)"), max_digits=9, decimal_places=2)
    payer = models.CharField(
        _("payer"), max_length=12, choices=Payer.choices, default=Payer.PARTICIPANT
    )
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("organisation"),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at", "pk"]
        constraints = [
            # One live enrolment per person per run, enforced by the database too.
            models.UniqueConstraint(
                fields=["run", "user"],
                condition=~Q(state="cancelled"),
                name="enrolment_one_live_per_person",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="enrolment_price_not_negative"),
        ]

    def __str__(self):
        return f"{self.user} – {self.run}"


class OfferQuerySet(models.QuerySet):
    def for_user(self, user):
        """Offers ``user`` may see: all for the programme team, else their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(enrolment__user=user)

    def holding(self, now=None):
        """Open offers whose expiry has not passed: they hold a seat."""
        return self.filter(state=Offer.State.OPEN, expires_at__gt=now or timezone.now())


class Offer(models.Model):
    """A seat held for a waitlisted person until ``expires_at`` (UTC), or until answered.

    An open offer past its expiry no longer holds its seat (the seat rule compares times), so
    nothing has to run for the seat to come free; a job later records it as expired.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.PROTECT, related_name="offers", verbose_name=_("enrolment")
    )
    run = models.ForeignKey(
        CourseRun, on_delete=models.PROTECT, related_name="offers", verbose_name=_("run")
    )
    token = models.CharField(max_length=43, unique=True, default=new_invite_code, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="open")
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(state="open"), name="offer_one_open_per_enrolment"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.get_state_display()}"


class CalendarFeed(models.Model):
    """A person's private iCal feed; the token is the only credential, revocable by renewal."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=43, unique=True, default=new_invite_code)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class Attendance(models.Model):
    """Whether a participant attended one session, as recorded by staff."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    present = models.BooleanField(_("present"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.session}: {'present' if self.present else 'absent'}"


#: Scores run from 1 to 10; would-recommend from 0 to 10 (the usual NPS scale).
SCORE_FIELDS = ("content_score", "trainer_score", "organisation_score", "applicability_score")


class EvaluationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Evaluations ``user`` may read with names: all for the programme team, else their own.

        Institutions read evaluations only as anonymous figures (``lms.reports``), and only for
        runs with enough responses; they never get the rows.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(enrolment__user=user)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Evaluation(models.Model):
    """A participant's evaluation of a run: one per enrolment (enforced by the database).

    The row is made, empty, when the participant is invited (``invited_at``), so the response
    rate is ``submitted / invited`` from the rows. Scores are integers 1–10; ``would_recommend``
    is 0–10. The participant may change a submitted evaluation until the closing time (see
    ``lms.enrolment.evaluations.closes_at``).
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("enrolment")
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    content_score = models.PositiveSmallIntegerField(_("content"), null=True, blank=True)
    trainer_score = models.PositiveSmallIntegerField(_("trainer"), null=True, blank=True)
    organisation_score = models.PositiveSmallIntegerField(_("organisation"), null=True, blank=True)
    applicability_score = models.PositiveSmallIntegerField(
        _("applicability in own work"), null=True, blank=True
    )
    would_recommend = models.PositiveSmallIntegerField(
        _("would recommend (0–10)"), null=True, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-submitted_at", "pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 10}),
                    name=f"evaluation_{name}_1_to_10",
                )
                for name in SCORE_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(would_recommend__isnull=True) | Q(would_recommend__lte=10),
                name="evaluation_recommend_0_to_10",
            ),
            # A submitted evaluation has every score.
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(
                    content_score__isnull=False,
                    trainer_score__isnull=False,
                    organisation_score__isnull=False,
                    applicability_score__isnull=False,
                    would_recommend__isnull=False,
                ),
                name="evaluation_submitted_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} – {_('evaluation')}"


from .models_interest import RunInterest  # noqa: E402, F401  (registers the model)
