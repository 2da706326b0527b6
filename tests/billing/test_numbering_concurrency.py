"""Gap-free numbering under 30 parallel issues on PostgreSQL, pretix-style.

Negative control first: with the counter's row lock switched off and a test-only pause between
reading and writing the counter, parallel issues must collide. Then, with the lock on and the same
pause, 30 parallel issues get 30 distinct numbers 1…30 without a gap.
"""

import time

import pytest
from django.db import transaction
from django.utils import timezone

from lms.billing import numbering, services
from lms.billing.models import Invoice
from tests.concurrency import in_parallel

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PARALLEL = 30


def _issue(seller, n):
    lines = [
        {
            "description": f"Plaats {n}",
            "quantity": 1,
            "unit_price": 100,
            "vat_category": "E",
            "vat_rate": 0,
            "exemption_reason": "Vrijgesteld",
            "delivery_date": timezone.localdate(),
        }
    ]
    buyer = services.Buyer(name=f"Koper {n}", email="")
    return lambda: services.issue_invoice(seller, buyer, lines)


@pytest.fixture
def forced_race(monkeypatch):
    monkeypatch.setattr(numbering, "_pause_for_tests", lambda: time.sleep(0.2))


@pytest.fixture
def counter_exists(seller):
    # Created up front so the race is about the number, not about creating the counter row.
    with transaction.atomic():
        numbering.next_number(seller, timezone.localdate().year, numbering.INVOICE)
    from lms.billing.models import NumberCounter

    NumberCounter.objects.update(last_number=0)
    return seller


def test_negative_control_without_the_lock_numbers_collide(
    counter_exists, forced_race, monkeypatch
):
    monkeypatch.setattr(numbering, "USE_ROW_LOCK", False)
    outcomes = in_parallel([_issue(counter_exists, n) for n in range(8)])
    failures = [o for o in outcomes if isinstance(o, Exception)]
    assert failures, "without the lock the race must happen, or this test proves nothing"
    assert Invoice.objects.count() < 8


def test_thirty_parallel_issues_get_gap_free_numbers(counter_exists, forced_race):
    outcomes = in_parallel([_issue(counter_exists, n) for n in range(PARALLEL)])
    assert all(isinstance(o, Invoice) for o in outcomes), outcomes
    year = timezone.localdate().year
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"TUD-{year}-{n:05d}" for n in range(1, PARALLEL + 1)]
