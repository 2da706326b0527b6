"""The one seat rule. Seats are computed from rows, never counted in a field.

Seats taken = enrolments in ``confirmed``, ``completed``, ``not_passed`` or ``no_show``
+ ``pending`` enrolments whose ``hold_until`` has not passed.
The catalogue, the module page and the enrolment services all call these functions.
"""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils import timezone

from .models import CourseRun, Enrolment

SEAT_HOLDING_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.COMPLETED,
    Enrolment.State.NOT_PASSED,
    Enrolment.State.NO_SHOW,
)


def seat_holding_q(now=None, prefix: str = "") -> Q:
    """A ``Q`` that matches enrolments holding a seat at ``now`` (UTC).

    ``prefix`` lets callers apply it across a relation (e.g. ``"enrolments__"``).
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}state__in": SEAT_HOLDING_STATES}) | Q(
        **{f"{prefix}state": Enrolment.State.PENDING, f"{prefix}hold_until__gt": now}
    )


def with_seats_taken(queryset, now=None):
    """Annotate a ``CourseRun`` queryset with ``seats_taken`` (one query for a whole list)."""
    return queryset.annotate(
        seats_taken=Count("enrolments", filter=seat_holding_q(now, "enrolments__"), distinct=True)
    )


def seats_taken_by_run(run_ids: Iterable[int], now=None) -> dict[int, int]:
    """Return ``{run_id: seats taken}`` for the given runs in one query."""
    ids = list(run_ids)
    if not ids:
        return {}
    rows = (
        Enrolment.objects.filter(run_id__in=ids)
        .filter(seat_holding_q(now))
        .values("run_id")
        .annotate(n=Count("pk"))
    )
    taken = dict.fromkeys(ids, 0)
    taken.update({row["run_id"]: row["n"] for row in rows})
    return taken


def seats_taken(run: CourseRun, now=None) -> int:
    """Number of seats taken in ``run`` at ``now``."""
    return seats_taken_by_run([run.pk], now)[run.pk]


def seats_left(run: CourseRun, now=None) -> int:
    """Number of free seats in ``run`` at ``now`` (never negative)."""
    return max(run.capacity - seats_taken(run, now), 0)


def annotate_seats_left(runs: Iterable[CourseRun], now=None) -> list[CourseRun]:
    """Set ``seats_left`` on each run, with one query for all of them; returns the runs."""
    runs = list(runs)
    taken = seats_taken_by_run([r.pk for r in runs], now)
    for run in runs:
        run.seats_left = max(run.capacity - taken[run.pk], 0)
    return runs
