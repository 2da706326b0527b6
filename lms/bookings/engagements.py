"""Engagements once started: coaches log their sessions (hours) and close the engagement,
which issues the certificates of participation its format grants.

Each service is one transaction that locks the engagement, checks its preconditions, writes
and records an action-log entry. Raises :class:`BookingError`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.certificates.exceptions import CertificateError
from lms.certificates.services import CertificateSubject, issue_certificate

from .exceptions import BookingError
from .models import CERTIFICATE_KINDS, Engagement, EngagementSession


def _lock_engagement(engagement_id: int) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement_id)


def log_session(
    engagement,
    *,
    coach,
    date: dt.date,
    duration_hours: Decimal,
    topics: str,
    participants: str = "",
    confidential_notes: str = "",
) -> EngagementSession:
    """Log one coaching or advice session by one of the engagement's coaches.

    ``duration_hours`` is Decimal hours, more than 0 and at most 24. Raises BookingError when
    the engagement is closed, the person is not its coach, or the input is out of range.
    """
    if duration_hours is None or not (Decimal("0") < duration_hours <= Decimal("24")):
        raise BookingError(_("A session lasts more than 0 and at most 24 hours."))
    if date > timezone.localdate():
        raise BookingError(_("A session cannot be logged for a future date."))
    if not topics.strip():
        raise BookingError(_("Please list the topics discussed."))
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        if not engagement.coaches.filter(pk=coach.pk).exists():
            raise BookingError(_("Only this engagement's coaches can log hours on it."))
        if engagement.state != Engagement.State.OPEN:
            raise BookingError(_("This engagement is closed; no more hours can be logged."))
        session = EngagementSession.objects.create(
            engagement=engagement,
            coach=coach,
            date=date,
            duration_hours=duration_hours,
            topics=topics,
            participants=participants,
            confidential_notes=confidential_notes,
        )
        record(
            engagement,
            "bookings.engagement_log",
            user=coach,
            session=session.pk,
            hours=str(duration_hours),
        )
    return session


def close_engagement(engagement, *, user, evaluation: str) -> Engagement:
    """open → closed with an evaluation, by a coach of the engagement or the programme team.

    When the format grants one (``CERTIFICATE_KINDS``: training on the job), every named
    participant receives a certificate of participation through ``lms.certificates``, in the
    same transaction: a certificate that cannot be issued (e.g. a participant without a name)
    keeps the engagement open.

    Raises:
        BookingError: no evaluation, not allowed, already closed, or a certificate refused.
    """
    if not evaluation.strip():
        raise BookingError(_("Please write an evaluation before closing."))
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        is_coach = engagement.coaches.filter(pk=user.pk).exists()
        if not (is_coach or user.is_programme_team):
            raise BookingError(_("You cannot close this engagement."))
        if engagement.state != Engagement.State.OPEN:
            raise BookingError(_("This engagement is already closed."))
        engagement.state = Engagement.State.CLOSED
        engagement.evaluation = evaluation
        engagement.closed_at = timezone.now()
        engagement.save()
        certificates = _issue_participation_certificates(engagement, user=user)
        record(
            engagement,
            "bookings.engagement_close",
            user=user,
            from_state="open",
            to_state="closed",
            certificates=len(certificates),
        )
    return engagement


def _issue_participation_certificates(engagement: Engagement, *, user) -> list:
    booking = engagement.booking
    if booking.format_kind not in CERTIFICATE_KINDS:
        return []
    institution = booking.institution
    title = f"{booking.format.title}: {engagement.project_title}"
    issued = []
    for participant in engagement.participants.order_by("pk"):
        subject = CertificateSubject(
            user=participant,
            module_title=title,
            institution_name=institution.title if institution else "",
            institution=institution,
            organisation=engagement.organisation,
            completion_date=timezone.localdate(engagement.closed_at),
        )
        try:
            issued.append(issue_certificate(subject, user=user))
        except CertificateError as error:
            raise BookingError(
                _("No certificate for %(email)s: %(reason)s")
                % {"email": participant.email, "reason": error}
            ) from error
    return issued
