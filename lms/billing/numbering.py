"""Gap-free document numbers: one series per seller per calendar year (Europe/Amsterdam).

The counter row of (seller, year, series) is locked with ``SELECT … FOR UPDATE`` inside the
issuing transaction, so a number is only used when the document is written in the same commit; a
rolled-back issue gives its number back. Only call this inside ``transaction.atomic()``.
"""

from django.db import IntegrityError, transaction

from .models import NumberCounter

#: Switched off only by the concurrency test's negative control, to show the race is real.
USE_ROW_LOCK = True
#: Test-only hook, called between reading and writing the counter to force a race.
_pause_for_tests = None

INVOICE = "invoice"
CREDIT_NOTE = "credit"


def next_number(seller, year: int, series: str) -> int:
    """Reserve and return the next number (1, 2, …) of ``series`` of ``seller`` in ``year``."""
    try:
        with transaction.atomic():
            NumberCounter.objects.get_or_create(seller=seller, year=year, series=series)
    except IntegrityError:
        pass  # created at the same moment by another transaction; it exists now
    rows = NumberCounter.objects.select_for_update() if USE_ROW_LOCK else NumberCounter.objects
    counter = rows.get(seller=seller, year=year, series=series)
    number = counter.last_number + 1
    if _pause_for_tests is not None:
        _pause_for_tests()
    NumberCounter.objects.filter(pk=counter.pk).update(last_number=number)
    return number


def format_number(prefix: str, year: int, number: int) -> str:
    """The printed number, e.g. ``TUD-2026-00017``."""
    return f"{prefix}-{year}-{number:05d}"
