"""Waiting list, offers, approval holds, windows, prerequisites and run-level decisions."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.enrolment import jobs, offers, seats, services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment, Offer, WaitlistMode
from lms.enrolment.tasks import KIND_HEADER


def full_run_with_line(make_run, make_user, capacity=1, waiting=2, **kw):
    run = make_run(capacity=capacity, **kw)
    holders = [services.enrol(make_user(), run) for _ in range(capacity)]
    line = [services.enrol(make_user(), run) for _ in range(waiting)]
    return run, holders, line


def test_cancellation_offers_the_seat_to_the_first_in_line(
    make_run, make_user, django_capture_on_commit_callbacks
):
    run, holders, line = full_run_with_line(make_run, make_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_enrolment(holders[0], user=holders[0].user)
    offer = Offer.objects.get(run=run)
    assert offer.enrolment == line[0]
    assert offer.expires_at - offer.created_at == dt.timedelta(hours=48)
    assert seats.seats_left(run) == 0  # the offer holds the seat
    offer_mails = [m for m in mail.outbox if m.extra_headers[KIND_HEADER] == "offer"]
    assert [m.to for m in offer_mails] == [[line[0].user.email]]
    assert offer.token in offer_mails[0].body
    # A newcomer joins the line behind the others even though a seat is "free" on paper.
    late = services.enrol(make_user(), run)
    assert late.state == Enrolment.State.WAITLISTED
    assert seats.waiting_position(late) == 3


def test_accept_confirms_and_logs(make_run, make_user):
    run, holders, line = full_run_with_line(make_run, make_user)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    offer = Offer.objects.get(run=run)
    enrolment = offers.accept_offer(offer.token, user=line[0].user)
    assert enrolment.state == Enrolment.State.CONFIRMED
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED
    entry = ModelLogEntry.objects.filter(action="enrolment.confirm", object_id=str(enrolment.pk))
    assert entry.get().data["from"] == "waitlisted"
    with pytest.raises(EnrolmentError, match="already been answered"):
        offers.accept_offer(offer.token, user=line[0].user)


def test_decline_passes_the_offer_to_the_next_person(make_run, make_user):
    run, holders, line = full_run_with_line(make_run, make_user)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    first = Offer.objects.get(run=run)
    offers.decline_offer(first.token, user=line[0].user)
    line[0].refresh_from_db()
    assert line[0].state == Enrolment.State.CANCELLED
    second = Offer.objects.get(run=run, state=Offer.State.OPEN)
    assert second.enrolment == line[1]


def test_someone_elses_or_unknown_offer_is_refused(make_run, make_user):
    run, holders, line = full_run_with_line(make_run, make_user)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    offer = Offer.objects.get(run=run)
    with pytest.raises(EnrolmentError, match="someone else"):
        offers.accept_offer(offer.token, user=line[1].user)
    with pytest.raises(EnrolmentError, match="does not exist"):
        offers.accept_offer("forged", user=line[0].user)
    offer.refresh_from_db()
    assert offer.state == Offer.State.OPEN


def test_expired_offer_is_refused_and_the_job_offers_the_next(make_run, make_user, time_machine):
    run, holders, line = full_run_with_line(make_run, make_user)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    offer = Offer.objects.get(run=run)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=49))
    with pytest.raises(EnrolmentError, match="expired"):
        offers.accept_offer(offer.token, user=line[0].user)
    assert "expired 1" in jobs.tidy_waiting_lists()
    assert "expired 0" in jobs.tidy_waiting_lists()  # idempotent
    offer.refresh_from_db()
    assert offer.state == Offer.State.EXPIRED
    assert Offer.objects.get(state=Offer.State.OPEN).enrolment == line[1]
    assert Offer.objects.filter(run=run).holding().count() == 1


def test_confirm_directly_mode(make_run, make_user):
    run, holders, line = full_run_with_line(make_run, make_user, waitlist_mode=WaitlistMode.CONFIRM)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    line[0].refresh_from_db()
    assert line[0].state == Enrolment.State.CONFIRMED
    assert not Offer.objects.exists()


def test_raising_capacity_offers_seats_and_lowering_below_taken_is_refused(
    make_run, make_user, programme_team_user
):
    run, holders, line = full_run_with_line(make_run, make_user, capacity=2, waiting=3)
    with pytest.raises(EnrolmentError, match="2 seats are taken"):
        offers.change_capacity(run, 1, user=programme_team_user)
    run.refresh_from_db()
    assert run.capacity == 2
    offers.change_capacity(run, 4, user=programme_team_user)
    assert Offer.objects.filter(run=run).holding().count() == 2  # never more than free seats
    with pytest.raises(EnrolmentError):
        offers.change_capacity(run, 10, user=holders[0].user)


def test_waitlisted_person_can_leave_the_line_and_positions_close_up(make_run, make_user):
    run, holders, line = full_run_with_line(make_run, make_user, waiting=3)
    services.cancel_enrolment(line[1], user=line[1].user)
    assert [seats.waiting_position(e) for e in seats.waiting_list(run)] == [1, 2]


def test_approval_holds_the_seat_until_hold_until_then_lapses(
    make_run, make_user, programme_team_user, time_machine
):
    run = make_run(capacity=1, requires_approval=True)
    pending = services.enrol(make_user(), run)
    assert pending.state == Enrolment.State.PENDING
    assert pending.hold_until - pending.created_at == dt.timedelta(days=7)
    waiting = services.enrol(make_user(), run)
    assert waiting.state == Enrolment.State.WAITLISTED
    time_machine.move_to(timezone.now() + dt.timedelta(days=7, minutes=1))
    with pytest.raises(EnrolmentError, match="passed"):
        services.approve_enrolment(pending, user=programme_team_user)
    assert "lapsed 1" in jobs.tidy_waiting_lists()
    pending.refresh_from_db()
    assert pending.state == Enrolment.State.CANCELLED
    log = ModelLogEntry.objects.get(action="enrolment.cancel", object_id=str(pending.pk))
    assert log.data["reason"] == "hold lapsed"
    assert Offer.objects.get().enrolment == waiting


def test_staff_approval_confirms(make_run, make_user, programme_team_user):
    run = make_run(requires_approval=True)
    pending = services.enrol(make_user(), run)
    with pytest.raises(EnrolmentError):
        services.approve_enrolment(pending, user=pending.user)
    services.approve_enrolment(pending, user=programme_team_user)
    pending.refresh_from_db()
    assert pending.state == Enrolment.State.CONFIRMED


def test_enrolment_window(make_run, user):
    now = timezone.now()
    early = make_run(enrolment_opens_at=now + dt.timedelta(days=1))
    with pytest.raises(EnrolmentError, match="opens on"):
        services.enrol(user, early)
    late = make_run(enrolment_closes_at=now - dt.timedelta(minutes=1))
    with pytest.raises(EnrolmentError, match="closed"):
        services.enrol(user, late)
    assert not Enrolment.objects.exists()


def test_prerequisite_module_must_be_completed(make_run, make_module, user, time_machine):
    basics = make_module(title="Basis")
    advanced = make_run(prerequisite_module=basics)
    with pytest.raises(EnrolmentError, match="first complete Basis"):
        services.enrol(user, advanced)
    Enrolment.objects.create(run=make_run(for_module=basics), user=user, state="completed", price=0)
    assert services.enrol(user, advanced).state == Enrolment.State.CONFIRMED


def test_late_cancellation_is_allowed_but_not_free(make_run, user):
    run = make_run(starts=timezone.now() + dt.timedelta(days=5), free_cancellation_days=14)
    enrolment = services.enrol(user, run)
    services.cancel_enrolment(enrolment, user=user)
    log = ModelLogEntry.objects.get(action="enrolment.cancel", object_id=str(enrolment.pk))
    assert log.data["free_of_charge"] is False


def test_no_go_cancels_everyone_and_notifies(
    make_run, make_user, programme_team_user, django_capture_on_commit_callbacks
):
    run, holders, line = full_run_with_line(make_run, make_user, capacity=2, waiting=1)
    with django_capture_on_commit_callbacks(execute=True):
        offers.decide_run(run, go=False, user=programme_team_user, reason="too few")
    run.refresh_from_db()
    assert run.status == CourseRun.Status.CANCELLED
    assert not run.enrolments.live().exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.user.email for e in [*holders, *line])
    assert {m.extra_headers[KIND_HEADER] for m in mail.outbox} == {"run_cancelled"}
    with pytest.raises(EnrolmentError, match="cancelled"):
        services.enrol(make_user(), run)


def test_go_decision_is_recorded(run, programme_team_user, user):
    with pytest.raises(EnrolmentError):
        offers.decide_run(run, go=True, user=user)
    offers.decide_run(run, go=True, user=programme_team_user)
    run.refresh_from_db()
    assert run.go_confirmed_at is not None


def test_promote_moves_a_person_to_the_front(make_run, make_user, programme_team_user):
    run, holders, line = full_run_with_line(make_run, make_user, capacity=1, waiting=3)
    with pytest.raises(EnrolmentError, match="no free seat"):
        offers.promote(line[2], user=programme_team_user)
    offers.change_capacity(run, 1, user=programme_team_user)
    services.cancel_enrolment(holders[0], user=programme_team_user)
    Offer.objects.update(state=Offer.State.WITHDRAWN)
    made = offers.promote(line[2], user=programme_team_user)
    assert made.enrolment == line[2]


def test_reminders_go_once_two_days_before(
    make_run, make_user, time_machine, django_capture_on_commit_callbacks
):
    run = make_run(starts=timezone.now() + dt.timedelta(days=3))
    enrolment = services.enrol(make_user(), run)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.send_reminders() == "0 reminders"
        time_machine.move_to(timezone.now() + dt.timedelta(days=1, hours=1))
        assert jobs.send_reminders() == "1 reminders"
        assert jobs.send_reminders() == "0 reminders"
    assert [m.to for m in mail.outbox] == [[enrolment.user.email]]


def test_expired_offer_is_not_renewed_before_the_job_passes_it_on(
    make_run, make_user, programme_team_user, time_machine
):
    run, holders, line = full_run_with_line(make_run, make_user, capacity=2, waiting=2)
    services.cancel_enrolment(holders[0], user=holders[0].user)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=49))
    services.cancel_enrolment(holders[1], user=holders[1].user)
    # Two free seats: the person whose offer ran out does not get a second one.
    assert [o.enrolment for o in Offer.objects.filter(run=run).holding()] == [line[1]]


def test_check_capacity_is_the_seat_rule_for_a_run_with_places_taken(make_run, make_user):
    from django.core.exceptions import ValidationError

    from lms.enrolment.seats import capacity_problem, check_capacity

    run = make_run(capacity=3)
    for _ in range(2):
        services.enrol(make_user(), run)
    check_capacity(run, 2)  # as many seats as are taken: allowed
    with pytest.raises(ValidationError) as refused:
        check_capacity(run, 1)
    assert refused.value.message_dict == {"capacity": [capacity_problem(run, 1)]}
    assert "2" in capacity_problem(run, 1)
    assert capacity_problem(run, 3) == ""
    run.full_clean()  # the model itself no longer asks the seat rule (no import circle)
