"""The writing steps that every enrolment transition shares: write an enrolment, end one,
and announce a move (action-log entry, signal, e-mail). The callers — the services in
``services``, ``offers`` and ``batches`` — hold the run lock (:mod:`lms.enrolment.locks`).
"""

import datetime as dt
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from . import notifications, signals
from .exceptions import EnrolmentError
from .models import CourseRun, Enrolment, Offer


def lock_enrolment(enrolment_id: int) -> Enrolment:
    """Lock the enrolment ``enrolment_id`` (``SELECT … FOR UPDATE``), with its run; take the
    run's lock first (:func:`lms.enrolment.locks.lock_run`)."""
    return Enrolment.objects.select_for_update().select_related("run").get(pk=enrolment_id)


def pause_for_tests() -> None:
    """Sleep between the seat check and the write when tests ask for it.

    ``ENROLMENT_TEST_PAUSE_SECONDS`` is never set outside tests; the concurrency tests set it
    so that, with the run lock switched off, parallel enrolments race every time.
    """
    pause = getattr(settings, "ENROLMENT_TEST_PAUSE_SECONDS", 0)
    if pause:
        time.sleep(pause)


def create_enrolment(run: CourseRun, user, state: str, now, **fields) -> Enrolment:
    """Write an enrolment in ``state`` for ``user``; the caller holds the run lock.

    Sets ``hold_until`` for pending and ``waitlisted_at`` for waitlisted places.

    Raises:
        EnrolmentError: the person already holds a live place (enforced by the database).
    """
    if state == Enrolment.State.PENDING and "hold_until" not in fields:
        fields["hold_until"] = now + dt.timedelta(days=run.hold_days)
    if state == Enrolment.State.WAITLISTED:
        fields["waitlisted_at"] = now
    fields.setdefault("price", run.price)
    try:
        with transaction.atomic():
            return Enrolment.objects.create(
                run=run, user=user, state=state, created_at=now, **fields
            )
    except IntegrityError as exc:
        raise EnrolmentError(_("You are already enrolled in this run.")) from exc


#: The action-log name of the transition into each state.
ACTION_FOR_STATE = {
    Enrolment.State.CONFIRMED: "enrolment.confirm",
    Enrolment.State.CANCELLED: "enrolment.cancel",
    Enrolment.State.WAITLISTED: "enrolment.waitlist",
    Enrolment.State.PENDING: "enrolment.pending",
}


def announce(
    enrolment: Enrolment,
    *,
    user,
    from_state: str,
    reason: str = "",
    email=None,
    notify: bool = True,
    **data,
) -> None:
    """Record the transition, send the signal and queue the e-mail for ``enrolment.state``.

    ``email`` names another e-mail to send instead (e.g. ``"run_cancelled"``);
    ``notify=False`` sends none (the example participants of the loaded content).
    """
    record(
        enrolment,
        ACTION_FOR_STATE[enrolment.state],
        user=user,
        from_state=from_state,
        to_state=enrolment.state,
        reason=reason,
        **data,
    )
    if enrolment.state == Enrolment.State.CONFIRMED:
        signals.enrolment_confirmed.send(sender=Enrolment, enrolment=enrolment, user=user)
    elif enrolment.state == Enrolment.State.CANCELLED:
        # A place handed to a colleague or moved to another run is not given up: receivers
        # (billing) leave its fee alone and react to enrolment_substituted/_transferred instead.
        # A consumer's withdrawal is settled by billing's withdrawal service itself.
        signals.enrolment_cancelled.send(
            sender=Enrolment,
            enrolment=enrolment,
            user=user,
            handed_over="substitute" in data or "to_run" in data,
            withdrawn=bool(data.get("withdrawn")),
        )
    if notify:
        notifications.notify_state(enrolment, kind=email)


def end_enrolment(enrolment: Enrolment, now, *, user, reason: str, email=None, **data) -> None:
    """Cancel ``enrolment`` and withdraw its open offer; the caller holds the run lock.

    ``now`` is the moment (UTC) recorded as ``cancelled_at``; ``data`` goes into the log entry.
    """
    previous = enrolment.state
    enrolment.state = Enrolment.State.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["state", "cancelled_at", "updated_at"])
    enrolment.offers.filter(state=Offer.State.OPEN).update(
        state=Offer.State.WITHDRAWN, answered_at=now
    )
    announce(enrolment, user=user, from_state=previous, reason=reason, email=email, **data)
