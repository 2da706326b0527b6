"""The waiting list: offers, their answers, and run-level changes that free or remove seats.

Every function here runs inside one transaction with the run row locked, so two schedulers,
a cancellation and an acceptance can run at the same time without ever overselling: a new
offer is only made for a seat the seat rule says is free, and an open offer holds its seat.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from . import notifications, seats
from .eligibility import check_run_open
from .exceptions import EnrolmentError
from .locks import lock_run
from .models import CourseRun, Enrolment, Offer, WaitlistMode
from .transitions import announce, end_enrolment


def fill_free_seats(run: CourseRun, now, *, user=None) -> list:
    """Give each free seat to the next person in line; the caller holds the run lock.

    With ``WaitlistMode.OFFER`` each gets an :class:`Offer` that holds the seat for
    ``run.offer_hours``; with ``WaitlistMode.CONFIRM`` they are confirmed directly. People
    with an open offer (holding or run out) are skipped. Never makes more offers than free seats.

    Returns:
        The offers made or enrolments confirmed.
    """
    if run.status != CourseRun.Status.PUBLISHED or run.has_started(now):
        return []
    free = seats.seats_left(run, now)
    if free <= 0:
        return []
    # Someone with an open offer, even one that ran out, has had their turn: an expired
    # offer's person leaves the line when the job records the expiry.
    offered = Offer.objects.filter(enrolment=OuterRef("pk"), state=Offer.State.OPEN)
    waiting = seats.waiting_list(run).filter(~Exists(offered)).select_related("user")[:free]
    made = []
    for enrolment in waiting:
        if run.waitlist_mode == WaitlistMode.CONFIRM:
            enrolment.state = Enrolment.State.CONFIRMED
            enrolment.save(update_fields=["state", "updated_at"])
            announce(enrolment, user=user, from_state=Enrolment.State.WAITLISTED, reason="seat")
            made.append(enrolment)
            continue
        offer = Offer.objects.create(
            enrolment=enrolment,
            run=run,
            created_at=now,
            expires_at=now + dt.timedelta(hours=run.offer_hours),
        )
        record(offer, "enrolment.offer", user=user, from_state="", to_state=offer.state)
        notifications.notify_offer(offer)
        made.append(offer)
    return made


def expire_offers(offers, now, *, cancel_enrolment: bool = False) -> int:
    """Record open offers past their expiry as expired; the caller holds the run lock.

    With ``cancel_enrolment`` the person leaves the waiting list (they let the offer lapse).
    Returns the number of offers expired.
    """
    count = 0
    for offer in offers.filter(state=Offer.State.OPEN, expires_at__lte=now).select_related(
        "enrolment"
    ):
        offer.state = Offer.State.EXPIRED
        offer.answered_at = now
        offer.save(update_fields=["state", "answered_at"])
        record(offer, "enrolment.offer_expire", from_state="open", to_state=offer.state)
        if cancel_enrolment and offer.enrolment.state == Enrolment.State.WAITLISTED:
            end_enrolment(offer.enrolment, now, user=None, reason="offer expired")
        count += 1
    return count


def _lock_offer(token: str) -> Offer:
    offer = Offer.objects.filter(token=token).only("run_id").first()
    if offer is None:
        raise EnrolmentError(_("This offer does not exist."))
    run = lock_run(offer.run_id)
    offer = Offer.objects.select_for_update().select_related("enrolment").get(pk=offer.pk)
    offer.run = run
    return offer


def _check_answerable(offer: Offer, user, now) -> None:
    if offer.enrolment.user_id != user.pk:
        raise EnrolmentError(_("This offer is for someone else."))
    if offer.state != Offer.State.OPEN:
        raise EnrolmentError(_("This offer has already been answered."))
    if offer.expires_at <= now:
        raise EnrolmentError(_("This offer has expired."))


def accept_offer(token: str, *, user) -> Enrolment:
    """Accept a waiting-list offer: the enrolment becomes confirmed.

    Raises:
        EnrolmentError: unknown token, someone else's offer, already answered, expired, or
            the run is no longer open.
    """
    with transaction.atomic():
        offer = _lock_offer(token)
        now = timezone.now()
        _check_answerable(offer, user, now)
        check_run_open(offer.run, now)
        offer.state = Offer.State.ACCEPTED
        offer.answered_at = now
        offer.save(update_fields=["state", "answered_at"])
        record(offer, "enrolment.offer_accept", user=user, from_state="open", to_state="accepted")
        enrolment = offer.enrolment
        enrolment.state = Enrolment.State.CONFIRMED
        enrolment.save(update_fields=["state", "updated_at"])
        announce(enrolment, user=user, from_state=Enrolment.State.WAITLISTED, reason="offer")
    return enrolment


def decline_offer(token: str, *, user) -> Enrolment:
    """Decline an offer: the person leaves the waiting list and the next person is offered.

    Raises:
        EnrolmentError: unknown token, someone else's offer, already answered or expired.
    """
    with transaction.atomic():
        offer = _lock_offer(token)
        now = timezone.now()
        _check_answerable(offer, user, now)
        offer.state = Offer.State.DECLINED
        offer.answered_at = now
        offer.save(update_fields=["state", "answered_at"])
        record(offer, "enrolment.offer_decline", user=user, from_state="open", to_state="declined")
        end_enrolment(offer.enrolment, now, user=user, reason="offer declined")
        fill_free_seats(offer.run, now, user=user)
    return offer.enrolment


def tidy_run(run_id: int, now=None) -> dict:
    """Expire lapsed offers, end lapsed holds and offer the free seats of one run.

    Idempotent and safe to run twice at once (the run row is locked). Used by the
    ``run_scheduled`` jobs. Returns counts of what it did.
    """
    with transaction.atomic():
        run = lock_run(run_id)
        now = now or timezone.now()
        expired = expire_offers(Offer.objects.filter(run=run), now, cancel_enrolment=True)
        lapsed = 0
        for enrolment in run.enrolments.filter(
            state=Enrolment.State.PENDING, hold_until__lte=now
        ).select_for_update():
            end_enrolment(enrolment, now, user=None, reason="hold lapsed")
            lapsed += 1
        made = fill_free_seats(run, now)
    return {"expired": expired, "lapsed": lapsed, "offered": len(made)}


def change_capacity(run: CourseRun, capacity: int, *, user) -> CourseRun:
    """Set the run's number of seats; raising it offers the new seats to the waiting list.

    Raises:
        EnrolmentError: not staff of the run, or ``capacity`` is below the seats taken.
    """
    with transaction.atomic():
        run = lock_run(run.pk)
        if not CourseRun.objects.for_user(user).filter(pk=run.pk).exists():
            raise EnrolmentError(_("Only the run's staff can change its seats."))
        now = timezone.now()
        problem = seats.capacity_problem(run, capacity, now)
        if problem:
            raise EnrolmentError(problem)
        before = run.capacity
        run.capacity = capacity
        run.save(update_fields=["capacity"])
        record(run, "enrolment.run_capacity", user=user, from_state=before, to_state=capacity)
        fill_free_seats(run, now, user=user)
    return run


def decide_run(run: CourseRun, *, go: bool, user, reason: str = "") -> CourseRun:
    """Staff's go/no-go decision: ``go`` confirms the run, otherwise it is cancelled.

    Cancelling ends every live enrolment and open offer and notifies everyone.

    Raises:
        EnrolmentError: not staff of the run, or the run is already cancelled.
    """
    with transaction.atomic():
        run = lock_run(run.pk)
        if not CourseRun.objects.for_user(user).filter(pk=run.pk).exists():
            raise EnrolmentError(_("Only the run's staff can decide on it."))
        if run.status == CourseRun.Status.CANCELLED:
            raise EnrolmentError(_("This run has been cancelled."))
        now = timezone.now()
        if go:
            run.go_confirmed_at = now
            run.save(update_fields=["go_confirmed_at"])
            record(run, "enrolment.run_go", user=user, to_state="go", reason=reason)
            return run
        before = run.status
        run.status = CourseRun.Status.CANCELLED
        run.save(update_fields=["status"])
        record(run, "enrolment.run_cancel", user=user, from_state=before, to_state=run.status)
        for enrolment in run.enrolments.live().exclude(
            state__in=(Enrolment.State.COMPLETED, Enrolment.State.NOT_PASSED)
        ):
            end_enrolment(
                enrolment, now, user=user, reason=reason or "run cancelled", email="run_cancelled"
            )
    return run


def promote(enrolment: Enrolment, *, user) -> Enrolment | Offer:
    """Staff move a waitlisted person to the front: a free seat is offered or confirmed.

    Raises:
        EnrolmentError: not staff, not waitlisted, or no free seat.
    """
    with transaction.atomic():
        run = lock_run(enrolment.run_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if not CourseRun.objects.for_user(user).filter(pk=run.pk).exists():
            raise EnrolmentError(_("Only the run's staff can promote a participant."))
        if enrolment.state != Enrolment.State.WAITLISTED:
            raise EnrolmentError(_("Only someone on the waiting list can be promoted."))
        now = timezone.now()
        if seats.seats_left(run, now) <= 0:
            raise EnrolmentError(_("There is no free seat."))
        first = seats.waiting_list(run).first()
        enrolment.waitlisted_at = min(first.waitlisted_at, now) - dt.timedelta(microseconds=1)
        enrolment.save(update_fields=["waitlisted_at", "updated_at"])
        record(enrolment, "enrolment.promote", user=user, from_state="waitlisted", to_state="first")
        made = fill_free_seats(run, now, user=user)
    return made[0] if made else enrolment


def announce_run_change(run: CourseRun, *, user) -> int:
    """Tell every participant holding a place that the dates or the place changed.

    Also offers seats freed by a capacity raised in the admin. Returns the number notified.
    """
    with transaction.atomic():
        run = lock_run(run.pk)
        record(run, "enrolment.run_change", user=user, to_state="changed")
        holders = run.enrolments.filter(
            state__in=(Enrolment.State.CONFIRMED, Enrolment.State.PENDING)
        ).select_related("user")
        for enrolment in holders:
            notifications.notify_run_changed(enrolment)
        fill_free_seats(run, timezone.now(), user=user)
    return len(holders)
