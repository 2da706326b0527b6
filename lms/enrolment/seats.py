"""The one seat rule. Seats are computed from rows, never counted in a field.

Seats taken = enrolments in ``confirmed``, ``completed``, ``not_passed`` or ``no_show``
+ ``pending`` enrolments whose ``hold_until`` has not passed
+ open offers whose ``expires_at`` has not passed.
An expired offer or a lapsed hold frees its seat the moment its time passes, with no job.
While anyone is on a run's waiting list, new enrolments join the list (``has_waiting_list``).
The catalogue, the module page and the enrolment services all call these functions.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import EnrolmentError
from .models import CourseRun, Enrolment, Offer

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
    now = now or timezone.now()
    return queryset.annotate(
        held_by_enrolments=Count(
            "enrolments", filter=seat_holding_q(now, "enrolments__"), distinct=True
        ),
        held_by_offers=Count(
            "offers",
            filter=Q(offers__state=Offer.State.OPEN, offers__expires_at__gt=now),
            distinct=True,
        ),
        seats_taken=F("held_by_enrolments") + F("held_by_offers"),
    )


def seats_taken_by_run(run_ids: Iterable[int], now=None) -> dict[int, int]:
    """Return ``{run_id: seats taken}`` for the given runs in one query."""
    ids = list(run_ids)
    if not ids:
        return {}
    now = now or timezone.now()
    rows = (
        Enrolment.objects.filter(run_id__in=ids)
        .filter(seat_holding_q(now))
        .values("run_id")
        .annotate(n=Count("pk"))
    )
    offers = (
        Offer.objects.filter(run_id__in=ids).holding(now).values("run_id").annotate(n=Count("pk"))
    )
    taken = dict.fromkeys(ids, 0)
    for row in [*rows, *offers]:
        taken[row["run_id"]] += row["n"]
    return taken


def seats_taken(run: CourseRun, now=None) -> int:
    """Number of seats taken in ``run`` at ``now``."""
    return seats_taken_by_run([run.pk], now)[run.pk]


def capacity_problem(run: CourseRun, capacity: int, now=None) -> str:
    """Why ``run`` cannot have ``capacity`` seats at ``now`` (UTC), or "" when it can.

    A run cannot have fewer seats than are taken (:func:`seats_taken`), and never fewer than
    one; a run not saved yet has no seats taken.
    """
    taken = seats_taken(run, now) if run.pk else 0
    if capacity >= max(taken, 1):
        return ""
    return _("%(taken)s seats are taken; the run cannot have fewer seats than that.") % {
        "taken": taken
    }


def check_capacity(run: CourseRun, capacity: int, now=None) -> None:
    """The seat rule for a change of ``run.capacity`` to ``capacity`` (a number of seats).

    Raises:
        ValidationError: ``{"capacity": why}`` (see :func:`capacity_problem`), so a model form
            shows it on its capacity field.
    """
    problem = capacity_problem(run, capacity, now)
    if problem:
        raise ValidationError({"capacity": problem})


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


def check_room_for(run: CourseRun, count: int, now=None) -> None:
    """Refuse ``count`` new places in ``run`` at ``now`` (UTC) at once (a batch, the example
    participants) unless that many seats are free and nobody waits (they come first); the
    caller holds the run lock.

    Raises:
        EnrolmentError: too few free seats, or people are waiting.
    """
    free = 0 if has_waiting_list(run) else seats_left(run, now)
    if count > free:
        raise EnrolmentError(
            _("Only %(free)s seats are free in this run; the batch has %(n)s people.")
            % {"free": free, "n": count}
        )


def has_waiting_list(run: CourseRun) -> bool:
    """True while anyone waits for ``run``; new enrolments then join the list."""
    return run.enrolments.filter(state=Enrolment.State.WAITLISTED).exists()


def waiting_list(run: CourseRun):
    """The run's waitlisted enrolments in line order (first in line first)."""
    return run.enrolments.filter(state=Enrolment.State.WAITLISTED).order_by("waitlisted_at", "pk")


def with_waiting_position(queryset):
    """Annotate enrolments with ``waiting_position`` (1-based; meaningful for waitlisted ones)
    in the same query, so lists keep a constant number of queries."""
    ahead = (
        Enrolment.objects.filter(run=OuterRef("run"), state=Enrolment.State.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lt=OuterRef("pk"))
        )
        .order_by()
        .values("run")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waiting_position=Coalesce(Subquery(ahead, output_field=IntegerField()), 0) + 1
    )


def waiting_position(enrolment: Enrolment) -> int | None:
    """1-based place of a waitlisted enrolment in its run's line; ``None`` if not waiting."""
    if enrolment.state != Enrolment.State.WAITLISTED:
        return None
    ahead = (
        waiting_list(enrolment.run)
        .filter(
            Q(waitlisted_at__lt=enrolment.waitlisted_at)
            | Q(waitlisted_at=enrolment.waitlisted_at, pk__lt=enrolment.pk)
        )
        .count()
    )
    return ahead + 1
