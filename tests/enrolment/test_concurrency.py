"""Parallel enrolments on PostgreSQL: the run lock keeps seats and one-place-per-person true.

Each thread has its own database connection, as parallel requests do.
"""

import threading

import pytest
from django.db import connection

from lms.enrolment import seats, services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import Enrolment

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_parallel(calls):
    """Run each callable in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # collected, asserted by the test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_parallel_enrolments_never_oversell(make_run, make_user):
    run = make_run(capacity=5)
    people = [make_user() for _ in range(12)]
    outcomes = in_parallel([lambda p=p: services.enrol(p, run) for p in people])
    confirmed = [o for o in outcomes if isinstance(o, Enrolment)]
    refused = [o for o in outcomes if isinstance(o, EnrolmentError)]
    assert len(confirmed) == 5
    assert len(refused) == 7, outcomes
    assert seats.seats_taken(run) == 5


def test_double_submit_by_one_person_gives_one_enrolment(make_run, user):
    run = make_run(capacity=5)
    outcomes = in_parallel([lambda: services.enrol(user, run) for _ in range(4)])
    assert sum(isinstance(o, Enrolment) for o in outcomes) == 1
    assert all(isinstance(o, (Enrolment, EnrolmentError)) for o in outcomes), outcomes
    assert Enrolment.objects.filter(user=user, run=run).count() == 1
