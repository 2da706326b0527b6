"""Enrolment transitions. Each service is one transaction that locks the rows it decides on,
checks its preconditions, writes, records an action-log entry and announces what happened.

Errors are raised as :class:`EnrolmentError` with a message fit for the person who asked;
when one is raised nothing has changed.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from . import seats, signals
from .exceptions import EnrolmentError
from .models import Attendance, CourseRun, Enrolment, Session

#: States from which a person can still cancel.
CANCELLABLE_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.PENDING)
#: States from which staff can complete an enrolment (a re-assessment may complete not_passed).
COMPLETABLE_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.NOT_PASSED)


def _lock_run(run_id: int) -> CourseRun:
    # No aggregate here: PostgreSQL refuses FOR UPDATE with GROUP BY.
    return CourseRun.objects.select_for_update().get(pk=run_id)


def _lock_enrolment(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_for_update().select_related("run").get(pk=enrolment_id)


def check_run_open(run: CourseRun, now=None) -> None:
    """Raise :class:`EnrolmentError` unless ``run`` accepts enrolments at ``now`` (UTC)."""
    now = now or timezone.now()
    if run.status == CourseRun.Status.CANCELLED:
        raise EnrolmentError(_("This run has been cancelled."))
    if run.status != CourseRun.Status.PUBLISHED:
        raise EnrolmentError(_("Enrolment for this run is closed."))
    if not run.module.live:
        raise EnrolmentError(_("This module is not published."))
    if run.has_started(now):
        raise EnrolmentError(_("This run has already started; enrolment is no longer possible."))


def enrol(user, run: CourseRun, *, price=None, payer=Enrolment.Payer.PARTICIPANT) -> Enrolment:
    """Enrol ``user`` in ``run`` and confirm the place.

    Args:
        user: a verified, active user.
        run: the run; it is locked for the duration of the check and the write.
        price: the net price in euros fixed for this place; defaults to the run's price.
            (Checkout in ``lms.billing`` passes the price it computed.)
        payer: who pays (``Enrolment.Payer``).

    Returns:
        The confirmed enrolment.

    Raises:
        EnrolmentError: the user is not verified, the run is not open (draft, closed,
            cancelled, private, started) or full, or the user already holds a live place in it.
    """
    if not user.is_authenticated or not user.is_active:
        raise EnrolmentError(_("Please log in to enrol."))
    if not user.is_verified:
        raise EnrolmentError(_("Please verify your e-mail address before you enrol."))
    with transaction.atomic():
        run = _lock_run(run.pk)
        now = timezone.now()
        check_run_open(run, now)
        if run.is_private:
            raise EnrolmentError(_("This run is open by invitation only."))
        if run.enrolments.live().filter(user=user).exists():
            raise EnrolmentError(_("You are already enrolled in this run."))
        if seats.seats_left(run, now) <= 0:
            raise EnrolmentError(_("This run is full."))
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    run=run,
                    user=user,
                    state=Enrolment.State.CONFIRMED,
                    price=run.price if price is None else price,
                    payer=payer,
                    created_at=now,
                )
        except IntegrityError as exc:
            raise EnrolmentError(_("You are already enrolled in this run.")) from exc
        record(enrolment, "enrolment.confirm", user=user, from_state="", to_state=enrolment.state)
        signals.enrolment_confirmed.send(sender=Enrolment, enrolment=enrolment, user=user)
    return enrolment


def cancel_enrolment(enrolment: Enrolment, *, user, reason: str = "") -> Enrolment:
    """Cancel a confirmed or pending enrolment before the run starts.

    Args:
        enrolment: the enrolment to cancel.
        user: who cancels: the participant themselves or programme staff.
        reason: kept in the action log.

    Returns:
        The cancelled enrolment.

    Raises:
        EnrolmentError: the user may not cancel it, it is not in a cancellable state, or the
            run has already started.
    """
    with transaction.atomic():
        _lock_run(enrolment.run_id)
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.user_id != user.pk and not user.is_programme_team:
            raise EnrolmentError(_("You cannot cancel someone else's enrolment."))
        if enrolment.state not in CANCELLABLE_STATES:
            raise EnrolmentError(
                _("An enrolment that is %(state)s cannot be cancelled.")
                % {"state": enrolment.get_state_display().lower()}
            )
        now = timezone.now()
        if enrolment.run.has_started(now):
            raise EnrolmentError(_("The run has already started; it can no longer be cancelled."))
        previous = enrolment.state
        enrolment.state = Enrolment.State.CANCELLED
        enrolment.cancelled_at = now
        enrolment.save(update_fields=["state", "cancelled_at", "updated_at"])
        record(
            enrolment,
            "enrolment.cancel",
            user=user,
            from_state=previous,
            to_state=enrolment.state,
            reason=reason,
        )
        signals.enrolment_cancelled.send(sender=Enrolment, enrolment=enrolment, user=user)
    return enrolment


def record_attendance(enrolment: Enrolment, session: Session, present: bool, *, user) -> Attendance:
    """Record whether the participant of ``enrolment`` attended ``session``.

    Raises:
        EnrolmentError: the session belongs to another run, the session has not begun yet, or
            the enrolment does not hold a place.
    """
    with transaction.atomic():
        enrolment = _lock_enrolment(enrolment.pk)
        if session.run_id != enrolment.run_id:
            raise EnrolmentError(_("This session belongs to another run."))
        if enrolment.state in (Enrolment.State.CANCELLED, Enrolment.State.WAITLISTED):
            raise EnrolmentError(_("Attendance can only be recorded for participants."))
        if present and session.starts_at > timezone.now():
            raise EnrolmentError(_("This session has not begun yet."))
        attendance, created = Attendance.objects.get_or_create(
            enrolment=enrolment,
            session=session,
            defaults={"present": present, "recorded_by": user},
        )
        if not created and attendance.present == present:
            return attendance
        before = "" if created else ("present" if attendance.present else "absent")
        attendance.present = present
        attendance.recorded_by = user
        attendance.recorded_at = timezone.now()
        attendance.save()
        record(
            enrolment,
            "enrolment.attendance",
            user=user,
            from_state=before,
            to_state="present" if present else "absent",
            session=session.pk,
        )
    return attendance


def complete_enrolment(enrolment: Enrolment, *, user, reason: str = "") -> Enrolment:
    """Mark a participant as having completed the run; receivers issue the certificate.

    Raises:
        EnrolmentError: the enrolment is not confirmed (or not passed), or the run has not
            started yet.
    """
    with transaction.atomic():
        _lock_run(enrolment.run_id)
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.state not in COMPLETABLE_STATES:
            raise EnrolmentError(
                _("An enrolment that is %(state)s cannot be completed.")
                % {"state": enrolment.get_state_display().lower()}
            )
        now = timezone.now()
        if not enrolment.run.has_started(now):
            raise EnrolmentError(_("The run has not started yet."))
        previous = enrolment.state
        enrolment.state = Enrolment.State.COMPLETED
        enrolment.completed_at = now
        enrolment.save(update_fields=["state", "completed_at", "updated_at"])
        record(
            enrolment,
            "enrolment.complete",
            user=user,
            from_state=previous,
            to_state=enrolment.state,
            reason=reason,
        )
        signals.enrolment_completed.send(sender=Enrolment, enrolment=enrolment, user=user)
    return enrolment


def mark_not_passed(enrolment: Enrolment, *, user, reason: str) -> Enrolment:
    """Record that a participant attended but did not meet the completion rules.

    A later re-assessment can still complete the enrolment (``complete_enrolment`` accepts
    ``not_passed``). ``reason`` (which rules were not met) is kept in the action log.

    Raises:
        EnrolmentError: the enrolment is not confirmed, or the run has not started yet.
    """
    with transaction.atomic():
        _lock_run(enrolment.run_id)
        enrolment = _lock_enrolment(enrolment.pk)
        if enrolment.state != Enrolment.State.CONFIRMED:
            raise EnrolmentError(
                _("An enrolment that is %(state)s cannot be marked as not passed.")
                % {"state": enrolment.get_state_display().lower()}
            )
        if not enrolment.run.has_started(timezone.now()):
            raise EnrolmentError(_("The run has not started yet."))
        previous = enrolment.state
        enrolment.state = Enrolment.State.NOT_PASSED
        enrolment.save(update_fields=["state", "updated_at"])
        record(
            enrolment,
            "enrolment.not_passed",
            user=user,
            from_state=previous,
            to_state=enrolment.state,
            reason=reason,
        )
    return enrolment
