"""A run's own services: creating it with its sessions, changing its status, and seating the
example participants of the loaded content.

Seats are changed by :func:`lms.enrolment.offers.change_capacity` and the go/no-go decision by
:func:`lms.enrolment.offers.decide_run` (which a change to *cancelled* here calls). The run
admin form, bookings' private runs and the staff pages all call these; nobody writes a run's
status or seats in their own words.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.institutions import managed_page_paths

from . import seats
from .eligibility import check_run_open
from .exceptions import EnrolmentError
from .locks import lock_run
from .models import CourseRun, Enrolment, Session
from .offers import decide_run, fill_free_seats
from .transitions import announce, create_enrolment

Status = CourseRun.Status


def may_manage_module(user, module) -> bool:
    """True when ``user`` may create runs of ``module`` (a ``courses.CourseModulePage``): the
    programme team, or a manager of the institution the module lies under."""
    if not (user and user.is_authenticated):
        return False
    if user.is_programme_team:
        return True
    return any(module.path.startswith(path) for path in managed_page_paths(user))


def create_run(
    *,
    user,
    module,
    code: str,
    sessions,
    capacity: int,
    title: str = "",
    place: str = "",
    price: Decimal = Decimal("0.00"),
    status: str = Status.DRAFT,
    is_private: bool = False,
    system: bool = False,
) -> CourseRun:
    """Create a run of ``module`` with one session per ``(starts_at, ends_at)`` pair of aware
    datetimes, titled "Day 1", "Day 2", …, or per ``(starts_at, ends_at, title)`` triple with
    its own title; records ``enrolment.run_create``.

    ``capacity`` is seats (at least 1), ``price`` the net price per participant in euros.
    ``system=True`` is a management command acting for the operator (the content loader,
    ``user=None``): nobody is asked whether they may manage the module, and the log entry has
    no user. Every other check applies.

    Raises:
        EnrolmentError: not allowed for this module, no sessions, a session that does not end
            after it starts, fewer than one seat, a negative price, or the code is taken.
    """
    sessions = [tuple(item) for item in sessions]
    _check_new_run(sessions, capacity, price)
    if not system and not may_manage_module(user, module):
        raise EnrolmentError(_("You cannot create runs of this module."))
    with transaction.atomic():
        if CourseRun.objects.filter(code=code).exists():
            raise EnrolmentError(_("A run with this code already exists."))
        run = CourseRun.objects.create(
            module=module,
            code=code,
            title=title,
            place=place,
            capacity=capacity,
            price=price,
            status=status,
            is_private=is_private,
        )
        for index, (start, end, *named) in enumerate(sessions, start=1):
            Session.objects.create(
                run=run,
                title=named[0] if named else _("Day %(n)s") % {"n": index},
                starts_at=start,
                ends_at=end,
            )
        record(run, "enrolment.run_create", user=user, to_state=run.status, sessions=len(sessions))
    return run


def _check_new_run(sessions: list[tuple], capacity: int, price: Decimal) -> None:
    """The rules for a new run's sessions (start, end[, title]), seats and price (euros)."""
    if not sessions:
        raise EnrolmentError(_("A run needs at least one session."))
    if any(session[1] <= session[0] for session in sessions):
        raise EnrolmentError(_("A session must end after it starts."))
    if capacity < 1:
        raise EnrolmentError(_("A run needs at least one seat."))
    if price < 0:
        raise EnrolmentError(_("A price cannot be negative."))


def confirm_example_places(run: CourseRun, people) -> list[Enrolment]:
    """Confirm a place in ``run`` for each of ``people`` (verified accounts) without e-mail:
    the example participants the content loader seats so the waiting list can be tried.

    The run is locked; the run must accept enrolments and have a free seat for everyone (the
    seat rule), nobody may already hold a place. Each place is logged as ``enrolment.confirm``
    (no user: the system) and announced with ``enrolment_confirmed``; billing invoices nothing,
    as no place went through checkout. The price is the run's.

    Returns:
        The confirmed enrolments, in the order of ``people``.

    Raises:
        EnrolmentError: the run is not open, too few free seats (or people are waiting), or
            someone already holds a live place in it.
    """
    people = list(people)
    with transaction.atomic():
        run = lock_run(run.pk)
        now = timezone.now()
        check_run_open(run, now)
        seats.check_room_for(run, len(people), now)
        created = []
        for person in people:
            enrolment = create_enrolment(run, person, Enrolment.State.CONFIRMED, now)
            announce(enrolment, user=None, from_state="", reason="example", notify=False)
            created.append(enrolment)
    return created


def check_status_change(before: str, after: str) -> None:
    """Raises EnrolmentError when a run cannot go from status ``before`` to ``after``: a
    cancelled run stays cancelled (its places have been ended and credited)."""
    if after not in Status.values:
        raise EnrolmentError(_("Unknown run status."))
    if before == Status.CANCELLED and after != Status.CANCELLED:
        raise EnrolmentError(_("A cancelled run stays cancelled; create a new run instead."))


def change_status(run: CourseRun, status: str, *, user, reason: str = "") -> CourseRun:
    """Set the run's status (draft, published, closed) with an ``enrolment.run_status`` entry;
    *cancelled* is the no-go decision (:func:`lms.enrolment.offers.decide_run`), which ends
    every place. Publishing offers free seats to the waiting list.

    Raises:
        EnrolmentError: not staff of the run, or see :func:`check_status_change`.
    """
    if status == Status.CANCELLED:
        return decide_run(run, go=False, user=user, reason=reason)
    with transaction.atomic():
        run = lock_run(run.pk)
        if not CourseRun.objects.for_user(user).filter(pk=run.pk).exists():
            raise EnrolmentError(_("Only the run's staff can change its status."))
        check_status_change(run.status, status)
        if run.status == status:
            return run
        before = run.status
        run.status = status
        run.save(update_fields=["status"])
        record(run, "enrolment.run_status", user=user, from_state=before, to_state=status)
        fill_free_seats(run, timezone.now(), user=user)
    return run
