"""Offers: a seat held for a waitlisted person until it expires or is answered."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.querysets import OwnRowsQuerySet

from .enrolments import Enrolment
from .runs import CourseRun, new_invite_code


class OfferQuerySet(OwnRowsQuerySet):
    """Offers: all for the programme team, else a person's own (``for_user``)."""

    owner_lookup = "enrolment__user"

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
