"""Runs and their sessions.

A CourseRun is one scheduled offering of a module (a ``courses.CourseModulePage``, referred to by
string so the domain never imports the CMS). Its dates come from its sessions; its free seats come
from ``lms.enrolment.seats`` and are never stored, and the rule that a run cannot have fewer seats
than are taken is ``lms.enrolment.seats.check_capacity`` (called by the admin form and services).
"""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.accounts.querysets import ScopedQuerySet


class CourseRunQuerySet(ScopedQuerySet):
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

    def visible_to(self, user):
        """Runs ``user`` may manage: all for the programme team; for an institution manager
        the runs of modules in the institution's subtree; none otherwise."""
        from lms.accounts.institutions import managed_page_paths, under_paths

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
