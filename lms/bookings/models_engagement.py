"""``Engagement`` and ``EngagementSession``: coaching or advice with logged hours.

Kept apart from ``models.py`` (imported there) so each module reads in one sitting.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.querysets import ScopedQuerySet

from .visibility import contact_organisations, managed_institutions


class EngagementQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Engagements ``user`` may see: all for the team, their own for a coach, their
        organisation's for an approved organisation contact, and for an institution manager
        those of bookings assigned to the institution."""
        return self.filter(
            Q(coaches=user)
            | Q(organisation_id__in=contact_organisations(user))
            | managed_institutions(user, "booking__institution__path")
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
        "bookings.BookingRequest",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("booking"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
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
