"""Enrolment transitions. Each service is one transaction that locks the rows it decides on,
checks its preconditions, writes, records an action-log entry and announces what happened.

Errors are raised as :class:`EnrolmentError` with a message fit for the person who asked;
when one is raised nothing has changed. Waiting-list offers live in ``lms.enrolment.offers``,
organisation batches in ``lms.enrolment.batches``; this module holds the person's own steps.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.audit import record
from lms.accounts.exceptions import AccountError
from lms.accounts.services import complete_account, verify_email

from . import seats, signals
from .eligibility import check_person as _check_person
from .eligibility import check_prerequisite, check_run_open, eligibility
from .exceptions import EnrolmentError
from .locks import lock_run
from .models import Attendance, CourseRun, Enrolment, Session
from .offers import fill_free_seats
from .transitions import announce, create_enrolment, end_enrolment, lock_enrolment, pause_for_tests

# Re-exported for older callers; new code imports them from their own modules.
__all__ = [
    "announce",
    "check_prerequisite",
    "check_run_open",
    "create_enrolment",
    "end_enrolment",
    "lock_run",
]

#: States from which a person can still cancel.
CANCELLABLE_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.PENDING,
    Enrolment.State.WAITLISTED,
)
#: States that hold a place a participant can hand to a colleague or staff can move.
PLACE_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.PENDING)
#: States from which staff can complete an enrolment (a re-assessment may complete not_passed).
COMPLETABLE_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.NOT_PASSED)


def enrol(
    user,
    run: CourseRun,
    *,
    price=None,
    payer=Enrolment.Payer.PARTICIPANT,
    invite_code: str | None = None,
) -> Enrolment:
    """Enrol ``user`` in ``run``: confirmed, pending (staff approval) or waitlisted.

    Args:
        user: a verified, active user.
        run: the run; it is locked for the duration of the check and the write.
        price: the net price in euros fixed for this place; defaults to the run's price.
            (Checkout in ``lms.billing`` passes the price it computed.)
        payer: who pays (``Enrolment.Payer``).
        invite_code: the secret code of a private run's invite link.

    Returns:
        The new enrolment: ``waitlisted`` when the run is full or anyone already waits,
        ``pending`` (held for ``run.hold_days``) when the run requires approval, else
        ``confirmed``.

    Raises:
        EnrolmentError: the user is not verified, the run is not open (draft, closed,
            cancelled, outside its window, started), private without the right code, the
            prerequisite is missing, or the user already holds a live place in it.
    """
    _check_person(user)
    with transaction.atomic():
        run = lock_run(run.pk)
        now = timezone.now()
        answer = eligibility(user, run, now=now, invite_code=invite_code)
        if not answer.allowed:
            raise EnrolmentError(answer.reason)
        state = answer.state
        pause_for_tests()
        enrolment = create_enrolment(
            run, user, state, now, price=run.price if price is None else price, payer=payer
        )
        announce(enrolment, user=user, from_state="")
    return enrolment


def cancel_enrolment(enrolment: Enrolment, *, user, reason: str = "") -> Enrolment:
    """Cancel a confirmed, pending or waitlisted enrolment before the run starts.

    The freed seat goes to the waiting list at once (an offer, or a direct confirmation).
    Cancelling after ``run.free_cancellation_until()`` is allowed but not free: the log entry
    and ``enrolment_cancelled`` receivers see ``free_of_charge=False`` in the log data.

    Args:
        enrolment: the enrolment to cancel.
        user: who cancels: the participant, their organisation's contact, or programme staff.
        reason: kept in the action log.

    Raises:
        EnrolmentError: the user may not cancel it, it is not in a cancellable state, or the
            run has already started.
    """
    with transaction.atomic():
        run = lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
        if not Enrolment.objects.for_user(user).filter(pk=enrolment.pk).exists():
            raise EnrolmentError(_("You cannot cancel someone else's enrolment."))
        if enrolment.state not in CANCELLABLE_STATES:
            raise EnrolmentError(
                _("An enrolment that is %(state)s cannot be cancelled.")
                % {"state": enrolment.get_state_display().lower()}
            )
        now = timezone.now()
        if run.has_started(now):
            raise EnrolmentError(_("The run has already started; it can no longer be cancelled."))
        free_until = run.free_cancellation_until()
        end_enrolment(enrolment, now, user=user, reason=reason, free_of_charge=now <= free_until)
        fill_free_seats(run, now, user=user)
    return enrolment


def approve_enrolment(enrolment: Enrolment, *, user, reason: str = "") -> Enrolment:
    """Staff approve a pending enrolment whose hold has not lapsed: it becomes confirmed.

    Raises:
        EnrolmentError: not staff, not pending, or the hold has lapsed.
    """
    with transaction.atomic():
        lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
        if not CourseRun.objects.for_user(user).filter(pk=enrolment.run_id).exists():
            raise EnrolmentError(_("Only the run's staff can approve enrolments."))
        _confirm_pending(enrolment, timezone.now(), user=user, reason=reason)
    return enrolment


def _confirm_pending(enrolment: Enrolment, now, *, user, reason: str) -> None:
    if enrolment.state != Enrolment.State.PENDING:
        raise EnrolmentError(_("Only a pending enrolment can be confirmed."))
    if enrolment.hold_until is None or enrolment.hold_until <= now:
        raise EnrolmentError(_("This place was held until a moment that has passed."))
    enrolment.state = Enrolment.State.CONFIRMED
    enrolment.hold_until = None
    enrolment.save(update_fields=["state", "hold_until", "updated_at"])
    announce(enrolment, user=user, from_state=Enrolment.State.PENDING, reason=reason)


def claim_place(enrolment: Enrolment, *, user, account: dict | None = None) -> Enrolment:
    """An invited colleague claims the pending place an organisation contact reserved; their
    address counts as verified (the link reached it). ``account``: for an account without a
    password, its ``first_name``, ``last_name`` and ``password`` (validated by the form).

    Raises:
        EnrolmentError: the place is not ``user``'s, is no longer pending, or its hold lapsed;
            ``account`` given for an account that has a password.
    """
    with transaction.atomic():
        lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
        if enrolment.user_id != user.pk:
            raise EnrolmentError(_("This invitation is for someone else."))
        try:
            if account is not None:
                complete_account(user, **account)
            verify_email(user)
        except AccountError as error:
            raise EnrolmentError(str(error)) from error
        _confirm_pending(enrolment, timezone.now(), user=user, reason="invitation claimed")
    return enrolment


#: One answer for an unknown, unverified or outside address, so the substitute form never
#: tells whether an address has an account.
COLLEAGUE_REFUSED = gettext_lazy(
    "The place can only go to a colleague with a verified account; an organisation's place "
    "only to someone of that organisation."
)


def substitute(enrolment: Enrolment, colleague, *, user, reason: str = "") -> Enrolment:
    """Hand a place to a colleague: the seat stays taken and no offer goes out.

    The old enrolment is cancelled and a new one for ``colleague`` takes over its state,
    price, payer and organisation in the same transaction.

    Args:
        enrolment: the confirmed or pending place.
        colleague: a verified user without a live place in the run; for a place the
            organisation pays, a member of that organisation (domain or approved membership).
        user: the participant, their organisation's contact, or programme staff.

    Returns:
        The colleague's new enrolment.

    Raises:
        EnrolmentError: not allowed, the place is not held, the run started, or the colleague
            is unverified or already enrolled.
    """
    with transaction.atomic():
        run = lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
        if not Enrolment.objects.for_user(user).filter(pk=enrolment.pk).exists():
            raise EnrolmentError(_("You cannot hand over someone else's place."))
        if enrolment.state not in PLACE_STATES:
            raise EnrolmentError(_("Only a confirmed or pending place can be handed over."))
        now = timezone.now()
        if run.has_started(now):
            raise EnrolmentError(_("The run has already started; the place can't be handed over."))
        organisation = (
            enrolment.organisation if enrolment.payer == Enrolment.Payer.ORGANISATION else None
        )
        if not colleague.is_verified or (organisation and not organisation.has_member(colleague)):
            raise EnrolmentError(str(COLLEAGUE_REFUSED))
        if run.enrolments.live().filter(user=colleague).exists():
            raise EnrolmentError(_("Your colleague is already enrolled in this run."))
        state = enrolment.state
        end_enrolment(
            enrolment, now, user=user, reason=reason or "substituted", substitute=colleague.pk
        )
        successor = create_enrolment(
            run,
            colleague,
            state,
            now,
            price=enrolment.price,
            payer=enrolment.payer,
            organisation=enrolment.organisation,
            enrolled_by=user,
            hold_until=enrolment.hold_until,
        )
        announce(successor, user=user, from_state="", reason="substitute", replaces=enrolment.pk)
        signals.enrolment_substituted.send(
            sender=Enrolment, enrolment=successor, previous=enrolment, user=user
        )
    return successor


def transfer(enrolment: Enrolment, to_run: CourseRun, *, user, reason: str = "") -> Enrolment:
    """Staff move a participant to another run of the same module, if it has a free seat.

    Both runs are locked in id order (no deadlock with a transfer the other way); the freed
    seat in the old run goes to its waiting list.

    Returns:
        The new confirmed enrolment in ``to_run``.

    Raises:
        EnrolmentError: not staff for both runs, another module, no free seat or someone
            waiting in the target, target not open, or the place is not held.
    """
    with transaction.atomic():
        locked = {r: lock_run(r) for r in sorted({enrolment.run_id, to_run.pk})}
        source, target = locked[enrolment.run_id], locked[to_run.pk]
        enrolment = lock_enrolment(enrolment.pk)
        managed = CourseRun.objects.for_user(user).filter(pk__in=locked).count()
        if managed != len(locked):
            raise EnrolmentError(_("Only staff of both runs can move a participant."))
        if source.pk == target.pk:
            raise EnrolmentError(_("The participant is already in this run."))
        if source.module_id != target.module_id:
            raise EnrolmentError(_("A participant can only move to a run of the same module."))
        if enrolment.state not in PLACE_STATES:
            raise EnrolmentError(_("Only a confirmed or pending place can be moved."))
        now = timezone.now()
        check_run_open(target, now)
        if target.enrolments.live().filter(user_id=enrolment.user_id).exists():
            raise EnrolmentError(_("The participant is already in that run."))
        if seats.has_waiting_list(target) or seats.seats_left(target, now) <= 0:
            raise EnrolmentError(_("The other run has no free seat."))
        end_enrolment(enrolment, now, user=user, reason=reason or "transferred", to_run=target.pk)
        moved = create_enrolment(
            target,
            enrolment.user,
            Enrolment.State.CONFIRMED,
            now,
            price=enrolment.price,
            payer=enrolment.payer,
            organisation=enrolment.organisation,
            enrolled_by=user,
        )
        announce(moved, user=user, from_state="", reason="transfer", from_run=source.pk)
        signals.enrolment_transferred.send(
            sender=Enrolment, enrolment=moved, previous=enrolment, user=user
        )
        fill_free_seats(source, now, user=user)
    return moved


def record_attendance(enrolment: Enrolment, session: Session, present: bool, *, user) -> Attendance:
    """Record whether the participant of ``enrolment`` attended ``session``.

    Raises:
        EnrolmentError: the session belongs to another run, the session has not begun yet, or
            the enrolment does not hold a place.
    """
    with transaction.atomic():
        enrolment = lock_enrolment(enrolment.pk)
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
        lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
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
        lock_run(enrolment.run_id)
        enrolment = lock_enrolment(enrolment.pk)
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
