"""Enrolments (a person's place in a run), calendar feeds and attendance."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.model_fields import organisation_link, person_link
from lms.accounts.querysets import ScopedQuerySet

from .runs import CourseRun, Session, new_invite_code


class EnrolmentQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Enrolments ``user`` may see: all for the programme team; their own; and for an
        institution manager those in the runs of the institution's modules."""
        from lms.accounts.institutions import managed_page_paths, under_paths

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
    organisation = organisation_link("enrolments")
    enrolled_by = person_link(_("enrolled by"))
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
    recorded_by = person_link(blank=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_unique"),
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.session}: {'present' if self.present else 'absent'}"
