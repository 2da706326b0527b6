"""Parallel enrolments on PostgreSQL: the run lock keeps seats and one-place-per-person true.

Each thread has its own database connection, as parallel requests do. Every test that claims
the lock works first shows, as a negative control, that the race really happens without it:
the test-only pause (``ENROLMENT_TEST_PAUSE_SECONDS``) sits between the seat check and the
write, so without the lock every request sees the same free seats, every time.
"""

import datetime as dt

import pytest
from django.utils import timezone

from lms.enrolment import jobs, locks, offers, seats, services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment, Offer
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

#: Parallel attempts; with the pool of other tests this stays well under max_connections (100).
PARALLEL = 50
PAUSE = 0.3  # seconds: long enough that all threads pass the check before any writes


@pytest.fixture
def paused(settings):
    settings.ENROLMENT_TEST_PAUSE_SECONDS = PAUSE


@pytest.fixture
def no_lock(monkeypatch):
    """Switch the run lock off (negative control only)."""
    monkeypatch.setattr(locks, "USE_ROW_LOCK", False)


def positions(run):
    return sorted(seats.waiting_position(e) for e in seats.waiting_list(run))


def test_negative_control_without_the_lock_the_run_is_oversold(
    make_run, make_user, paused, no_lock
):
    run = make_run(capacity=10)
    people = [make_user() for _ in range(PARALLEL)]
    in_parallel([lambda p=p: services.enrol(p, run) for p in people])
    confirmed = run.enrolments.filter(state=Enrolment.State.CONFIRMED).count()
    assert confirmed > run.capacity, "the race did not happen; this test proves nothing"


def test_fifty_parallel_enrolments_ten_confirmed_forty_waitlisted(make_run, make_user, paused):
    run = make_run(capacity=10)
    people = [make_user() for _ in range(PARALLEL)]
    outcomes = in_parallel([lambda p=p: services.enrol(p, run) for p in people])
    assert all(isinstance(o, Enrolment) for o in outcomes), outcomes
    assert run.enrolments.filter(state=Enrolment.State.CONFIRMED).count() == 10
    assert run.enrolments.filter(state=Enrolment.State.WAITLISTED).count() == 40
    assert positions(run) == list(range(1, 41))
    assert seats.seats_taken(run) == 10


def test_negative_control_double_submit_without_lock_hits_the_database_constraint(
    make_run, user, paused, no_lock
):
    run = make_run(capacity=5)
    outcomes = in_parallel([lambda: services.enrol(user, run) for _ in range(4)])
    # Without the lock every request passes the "already enrolled" check; only the partial
    # unique index stops the duplicates, and the losers get the same clear message.
    refused = [o for o in outcomes if isinstance(o, EnrolmentError)]
    assert len(refused) == 3
    assert len({str(o) for o in refused}) == 1  # one clear message (threads speak Dutch)


def test_double_submit_by_one_person_gives_one_enrolment(make_run, user, paused):
    run = make_run(capacity=5)
    outcomes = in_parallel([lambda: services.enrol(user, run) for _ in range(4)])
    assert sum(isinstance(o, Enrolment) for o in outcomes) == 1
    assert all(isinstance(o, (Enrolment, EnrolmentError)) for o in outcomes), outcomes
    assert Enrolment.objects.filter(user=user, run=run).count() == 1


def test_enrolments_cancellations_and_acceptances_at_once_never_oversell(
    make_run, make_user, paused
):
    run = make_run(capacity=10)
    holders = [services.enrol(make_user(), run) for _ in range(10)]
    waiting = [services.enrol(make_user(), run) for _ in range(5)]
    services.cancel_enrolment(holders[0], user=holders[0].user)
    services.cancel_enrolment(holders[1], user=holders[1].user)
    open_offers = list(Offer.objects.filter(run=run, state=Offer.State.OPEN))
    assert len(open_offers) == 2
    newcomers = [make_user() for _ in range(20)]
    calls = [lambda p=p: services.enrol(p, run) for p in newcomers]
    calls += [lambda e=e: services.cancel_enrolment(e, user=e.user) for e in holders[2:6]]
    calls += [lambda o=o: offers.accept_offer(o.token, user=o.enrolment.user) for o in open_offers]
    calls += [lambda: jobs.tidy_waiting_lists(), lambda: jobs.tidy_waiting_lists()]
    outcomes = in_parallel(calls)
    assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
    now = timezone.now()
    assert seats.seats_taken(run, now) <= run.capacity
    assert positions(run) == list(range(1, len(positions(run)) + 1))
    assert len(waiting) == 5


def test_two_schedulers_at_once_make_no_more_offers_than_free_seats(make_run, make_user):
    run = make_run(capacity=3)
    for _ in range(3):
        services.enrol(make_user(), run)
    for _ in range(6):
        services.enrol(make_user(), run)
    # Raise the seats behind the services' back, as if three places had just lapsed.
    CourseRun.objects.filter(pk=run.pk).update(capacity=6)
    in_parallel([jobs.tidy_waiting_lists for _ in range(4)])
    assert Offer.objects.filter(run=run).holding().count() == 3
    assert seats.seats_taken(run) == 6


def test_expired_offer_frees_its_seat_without_a_job(make_run, make_user, time_machine):
    run = make_run(capacity=1)
    holder = services.enrol(make_user(), run)
    services.enrol(make_user(), run)
    services.cancel_enrolment(holder, user=holder.user)
    assert seats.seats_left(run) == 0  # held by the offer
    time_machine.move_to(timezone.now() + dt.timedelta(hours=run.offer_hours, minutes=1))
    assert seats.seats_left(run) == 1
