"""Enrolment services: enrol, refuse, cancel, attendance, completion; each leaves a log entry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.enrolment import seats, services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment


def test_enrol_confirms_and_fixes_price(user, run):
    enrolment = services.enrol(user, run)
    assert enrolment.state == Enrolment.State.CONFIRMED
    assert enrolment.price == Decimal("495.00")
    run.price = Decimal("795.00")
    run.save()
    enrolment.refresh_from_db()
    assert enrolment.price == Decimal("495.00")
    entry = ModelLogEntry.objects.get(action="enrolment.confirm", object_id=str(enrolment.pk))
    assert entry.user_id == user.pk
    assert entry.data["to"] == "confirmed"


def test_second_enrolment_of_same_person_is_refused(user, run):
    services.enrol(user, run)
    with pytest.raises(EnrolmentError, match="already enrolled"):
        services.enrol(user, run)
    assert Enrolment.objects.filter(run=run, user=user).count() == 1


def test_database_refuses_two_live_enrolments(user, run):
    Enrolment.objects.create(run=run, user=user, state="confirmed", price=0)
    with pytest.raises(IntegrityError):
        Enrolment.objects.create(run=run, user=user, state="confirmed", price=0)


def test_full_run_puts_people_on_the_waiting_list_in_order(make_user, make_run):
    run = make_run(capacity=2)
    for _ in range(2):
        services.enrol(make_user(), run)
    late = [services.enrol(make_user(), run) for _ in range(3)]
    assert [e.state for e in late] == [Enrolment.State.WAITLISTED] * 3
    assert [seats.waiting_position(e) for e in late] == [1, 2, 3]
    assert seats.seats_left(run) == 0
    assert ModelLogEntry.objects.filter(action="enrolment.waitlist").count() == 3


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CourseRun.Status.CANCELLED, "cancelled"),
        (CourseRun.Status.CLOSED, "closed"),
        (CourseRun.Status.DRAFT, "closed"),
    ],
)
def test_run_not_open_refuses(user, make_run, status, message):
    run = make_run(status=status)
    with pytest.raises(EnrolmentError, match=message):
        services.enrol(user, run)
    assert not Enrolment.objects.exists()


def test_past_run_refuses(user, make_run):
    run = make_run(starts=timezone.now() - dt.timedelta(days=1))
    with pytest.raises(EnrolmentError, match="already started"):
        services.enrol(user, run)


def test_unpublished_module_refuses(user, run):
    run.module.unpublish()
    with pytest.raises(EnrolmentError, match="not published"):
        services.enrol(user, run)


def test_unverified_user_is_refused(make_user, run):
    unverified = make_user(verified=False)
    with pytest.raises(EnrolmentError, match="verify"):
        services.enrol(unverified, run)


def test_private_run_is_not_open_to_everyone(user, make_run):
    run = make_run(is_private=True)
    with pytest.raises(EnrolmentError, match="invitation"):
        services.enrol(user, run)


def test_cancel_frees_the_seat_and_allows_enrolling_again(user, make_user, make_run):
    run = make_run(capacity=1)
    enrolment = services.enrol(user, run)
    services.cancel_enrolment(enrolment, user=user, reason="agenda")
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CANCELLED
    assert seats.seats_left(run) == 1
    entry = ModelLogEntry.objects.get(action="enrolment.cancel", object_id=str(enrolment.pk))
    assert entry.data == {
        "from": "confirmed",
        "to": "cancelled",
        "reason": "agenda",
        "free_of_charge": True,
    }
    other = services.enrol(make_user(), run)
    assert other.state == Enrolment.State.CONFIRMED
    again = services.enrol(user, make_run())
    assert again.state == Enrolment.State.CONFIRMED


def test_cancel_after_start_is_refused(user, run, time_machine):
    enrolment = services.enrol(user, run)
    time_machine.move_to(timezone.now() + dt.timedelta(days=31))
    with pytest.raises(EnrolmentError, match="already started"):
        services.cancel_enrolment(enrolment, user=user)
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CONFIRMED


def test_cannot_cancel_someone_elses_enrolment(user, other_user, run):
    enrolment = services.enrol(user, run)
    with pytest.raises(EnrolmentError, match="someone else"):
        services.cancel_enrolment(enrolment, user=other_user)


def test_cancel_twice_is_refused(user, run):
    enrolment = services.enrol(user, run)
    services.cancel_enrolment(enrolment, user=user)
    with pytest.raises(EnrolmentError, match="cannot be cancelled"):
        services.cancel_enrolment(enrolment, user=user)


def test_pending_hold_counts_until_it_lapses(user, make_user, make_run, time_machine):
    run = make_run(capacity=1)
    Enrolment.objects.create(
        run=run,
        user=user,
        state=Enrolment.State.PENDING,
        price=0,
        hold_until=timezone.now() + dt.timedelta(days=7),
    )
    assert seats.seats_left(run) == 0
    time_machine.move_to(timezone.now() + dt.timedelta(days=8))
    assert seats.seats_left(run) == 1


def test_attendance_and_completion_issue_a_certificate(
    user, programme_team_user, run, time_machine, django_capture_on_commit_callbacks
):
    enrolment = services.enrol(user, run)
    first, second = run.sessions.all()
    with pytest.raises(EnrolmentError, match="not begun"):
        services.record_attendance(enrolment, first, True, user=programme_team_user)
    with pytest.raises(EnrolmentError, match="not started"):
        services.complete_enrolment(enrolment, user=programme_team_user)
    time_machine.move_to(second.ends_at + dt.timedelta(hours=1))
    services.record_attendance(enrolment, first, True, user=programme_team_user)
    services.record_attendance(enrolment, second, True, user=programme_team_user)
    # The certificate PDF is rendered by a background task once the completion commits.
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_enrolment(enrolment, user=programme_team_user)
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    assert enrolment.certificate.holder_name == "Anneke de Vries"
    assert enrolment.certificate.pdf.name.endswith(".pdf")
    assert ModelLogEntry.objects.filter(action="enrolment.attendance").count() == 2
    with pytest.raises(EnrolmentError, match="cannot be completed"):
        services.complete_enrolment(enrolment, user=programme_team_user)


def test_attendance_for_session_of_another_run_is_refused(user, programme_team_user, make_run):
    run, other = make_run(), make_run()
    enrolment = services.enrol(user, run)
    with pytest.raises(EnrolmentError, match="another run"):
        services.record_attendance(
            enrolment, other.sessions.first(), False, user=programme_team_user
        )
