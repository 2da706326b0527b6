"""Parallel decisions on one quote and parallel quote numbers, on PostgreSQL.

pretix-style: the negative control first shows that without the row locks the race does
happen (two acceptances of one single-use link); with the locks exactly one wins.
"""

import time

import pytest

from lms.bookings import quotes, services
from lms.bookings.exceptions import BookingError
from lms.bookings.models import BookingRequest, Quote, QuoteNumberSeries
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def slow_check(monkeypatch):
    """Widen the window between checking the quote and writing the decision."""
    original = quotes._check_decidable

    def slow(quote, today=None):
        checked = original(quote, today)
        time.sleep(0.3)
        return checked

    monkeypatch.setattr(quotes, "_check_decidable", slow)


def accept_all(token, n=3):
    return in_parallel(
        [lambda: services.decide_quote(token, accept=True, name="R", role="W") for _ in range(n)]
    )


def test_negative_control_without_locks_the_link_is_used_twice(quoted, slow_check, monkeypatch):
    _booking, _quote, token = quoted()
    monkeypatch.setattr(quotes, "lock_booking", lambda pk: BookingRequest.objects.get(pk=pk))
    monkeypatch.setattr(type(Quote.objects.all()), "select_for_update", lambda self, **kw: self)
    outcomes = accept_all(token)
    assert sum(isinstance(o, Quote) for o in outcomes) > 1, outcomes


def test_with_locks_one_decision_wins(quoted, slow_check):
    _booking, quote, token = quoted()
    outcomes = accept_all(token)
    assert sum(isinstance(o, Quote) for o in outcomes) == 1, outcomes
    assert all(isinstance(o, (Quote, BookingError)) for o in outcomes), outcomes
    quote.refresh_from_db()
    assert quote.state == Quote.State.ACCEPTED


def test_parallel_quote_numbers_are_gap_free(institution):
    from django.db import transaction

    def take():
        with transaction.atomic():
            return services.next_quote_number(institution, 2027)

    numbers = in_parallel([take for _ in range(6)])
    assert sorted(numbers) == [f"OFF-TUD-2027-{n:04d}" for n in range(1, 7)], numbers
    assert QuoteNumberSeries.objects.get(institution=institution, year=2027).last_number == 6
