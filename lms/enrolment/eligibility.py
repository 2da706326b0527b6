"""Two questions, each answered in one place.

* :func:`run_state`: what does the public see of a run? One of :class:`RunState`'s codes, each
  with one label and one button rule (the module page, the catalogue, the enrol page).
* :func:`eligibility`: may this person enrol in this run, and how? Confirmed at once, held for
  approval, on the waiting list, or refused with the reason; through checkout when the run is
  paid. The enrolment service asks it under the run lock before it writes; the enrol page, the
  checkout page, the module page and the organisation portal ask it to decide what to offer.
  Later routes (self-paced enrolment, event registration, the API) ask it too.

Whether a paid run can be *sold* is billing's knowledge (the seller profile); billing registers
a check with :func:`register_sale_check`, so the dependency keeps pointing from billing to
enrolment. All times are UTC.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import seats
from .exceptions import EnrolmentError
from .models import CourseRun, Enrolment

#: Functions ``run -> str`` returning why a paid public run cannot be sold yet ("" if it can).
SALE_CHECKS: list[Callable[[CourseRun], str]] = []


def register_sale_check(check: Callable[[CourseRun], str]) -> None:
    """Add a check asked for paid public runs (billing: the seller profile is complete)."""
    if check not in SALE_CHECKS:
        SALE_CHECKS.append(check)


def sale_problem(run: CourseRun) -> str:
    """Why the paid public ``run`` cannot be sold yet, or "" (free and private runs: "")."""
    if run.is_free or run.is_private:
        return ""
    for check in SALE_CHECKS:
        problem = check(run)
        if problem:
            return str(problem)
    return ""


@dataclass(frozen=True)
class RunState:
    """A run's public state: ``code``, its ``label``, the ``button`` the page shows
    (``"enrol"``, ``"waitlist"``, ``"notify"`` or ``""`` for none) and, for the states that
    refuse enrolment, the ``reason`` fit for a person."""

    code: str
    label: str
    button: str
    reason: str = ""

    OPEN = "open"
    FULL = "full"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    NOT_BOOKABLE = "not_bookable"
    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"

    @property
    def accepts_enrolment(self) -> bool:
        """True for open and full (waiting list) runs."""
        return self.code in (self.OPEN, self.FULL)


#: One label and one button rule per state.
STATE_RULES = {
    RunState.OPEN: (gettext_lazy("Open for enrolment"), "enrol"),
    RunState.FULL: (gettext_lazy("Full – waiting list"), "waitlist"),
    RunState.NOT_YET_OPEN: (gettext_lazy("Enrolment opens soon"), ""),
    RunState.CLOSED: (gettext_lazy("Enrolment closed"), ""),
    RunState.NOT_BOOKABLE: (gettext_lazy("Bookable soon"), "notify"),
    RunState.IN_PROGRESS: (gettext_lazy("In progress"), ""),
    RunState.CANCELLED: (gettext_lazy("Cancelled"), ""),
}


def _state(code: str, reason: str = "") -> RunState:
    label, button = STATE_RULES[code]
    return RunState(code=code, label=str(label), button=button, reason=reason)


def _window_state(run: CourseRun, now) -> RunState | None:
    """The refusing state from status, publication, start and enrolment window, or None."""
    if run.status == CourseRun.Status.CANCELLED:
        return _state(RunState.CANCELLED, _("This run has been cancelled."))
    if run.status != CourseRun.Status.PUBLISHED:
        return _state(RunState.CLOSED, _("Enrolment for this run is closed."))
    if not run.module.live:
        return _state(RunState.CLOSED, _("This module is not published."))
    if run.has_started(now):
        return _state(
            RunState.IN_PROGRESS,
            _("This run has already started; enrolment is no longer possible."),
        )
    if run.enrolment_opens_at and now < run.enrolment_opens_at:
        when = f"{timezone.localtime(run.enrolment_opens_at):%d-%m-%Y %H:%M}"
        reason = _("Enrolment for this run opens on %(when)s.") % {"when": when}
        # The label carries the date: "Enrolment opens on …" says more than "soon".
        return RunState(RunState.NOT_YET_OPEN, reason, "", reason)
    if run.enrolment_closes_at and now >= run.enrolment_closes_at:
        return _state(RunState.CLOSED, _("Enrolment for this run is closed."))
    return None


def run_state(
    run: CourseRun, now=None, *, seats_left: int | None = None, waiting: bool | None = None
) -> RunState:
    """The public state of ``run`` at ``now`` (UTC).

    Args:
        run: the run (annotated ``first_start`` saves a query).
        now: the moment; defaults to now.
        seats_left: the free seats if the caller computed them for a list
            (``seats.annotate_seats_left``); computed otherwise.
        waiting: whether anyone is on the waiting list, likewise (``run.waiting`` from
            ``seats.annotate_seats_left``); computed otherwise.

    Returns:
        cancelled, in progress (started), closed (status, unpublished module or window
        closed), not yet open (window opens later), not bookable (paid and cannot be sold
        yet), full (no seat, or anyone waits: the waiting list) or open.
    """
    now = now or timezone.now()
    refused = _window_state(run, now)
    if refused is not None:
        return refused
    problem = sale_problem(run)
    if problem:
        return _state(RunState.NOT_BOOKABLE, problem)
    left = seats.seats_left(run, now) if seats_left is None else seats_left
    if waiting is None:
        waiting = seats.has_waiting_list(run)
    if left <= 0 or waiting:
        return _state(RunState.FULL)
    return _state(RunState.OPEN)


def check_run_open(run: CourseRun, now=None) -> None:
    """Raise :class:`EnrolmentError` unless ``run`` accepts enrolments at ``now`` (UTC).

    Checks the status, the module's publication, the start and the enrolment window
    (``enrolment_opens_at``/``enrolment_closes_at``, stored UTC, shown Europe/Amsterdam).
    """
    refused = _window_state(run, now or timezone.now())
    if refused is not None:
        raise EnrolmentError(refused.reason)


def check_prerequisite(user, run: CourseRun) -> None:
    """Raise :class:`EnrolmentError` unless ``user`` completed the run's prerequisite module."""
    if run.prerequisite_module_id is None:
        return
    done = Enrolment.objects.filter(
        user=user, run__module_id=run.prerequisite_module_id, state=Enrolment.State.COMPLETED
    ).exists()
    if not done:
        raise EnrolmentError(
            _("This run requires that you first complete %(module)s.")
            % {"module": run.prerequisite_module.title}
        )


def check_person(user) -> None:
    """Raise :class:`EnrolmentError` unless ``user`` is logged in, active and verified."""
    if not user.is_authenticated or not user.is_active:
        raise EnrolmentError(_("Please log in to enrol."))
    if not user.is_verified:
        raise EnrolmentError(_("Please verify your e-mail address before you enrol."))


def initial_state(run: CourseRun, now) -> str:
    """The state a new enrolment gets in ``run`` at ``now`` (the one seat rule)."""
    if seats.has_waiting_list(run) or seats.seats_left(run, now) <= 0:
        return Enrolment.State.WAITLISTED
    if run.requires_approval:
        return Enrolment.State.PENDING
    return Enrolment.State.CONFIRMED


@dataclass(frozen=True)
class Eligibility:
    """The answer of :func:`eligibility`.

    ``state`` is the enrolment state a place would get (confirmed, pending, waitlisted) or
    "" when refused, with ``reason``. ``checkout`` is True for a paid public run (price, VAT,
    terms and payer first); ``sale_problem`` says why such a run cannot be sold yet.
    """

    state: str
    reason: str = ""
    checkout: bool = False
    sale_problem: str = ""

    @property
    def allowed(self) -> bool:
        """The enrolment rules let this person take or wait for a place."""
        return bool(self.state)

    @property
    def bookable(self) -> bool:
        """Allowed, and (for a paid run) it can be sold now: show the form."""
        return self.allowed and not (self.checkout and self.sale_problem)

    @property
    def waiting_list(self) -> bool:
        """The place would be on the waiting list."""
        return self.state == Enrolment.State.WAITLISTED

    @property
    def problem(self) -> str:
        """What to tell the person instead of a form ("" when bookable)."""
        return self.reason or (self.sale_problem if self.checkout else "")


def eligibility(user, run: CourseRun, *, now=None, invite_code: str | None = None) -> Eligibility:
    """May ``user`` enrol in ``run`` at ``now`` (UTC), and how?

    Checked in this order: logged in, active and verified; the run accepts enrolments
    (:func:`check_run_open`); a private run's invite code; no live place already; the
    prerequisite module completed. Then the seat rule (:func:`initial_state`) says whether
    the place is confirmed, held for approval or waitlisted. Never raises; call it under the
    run lock when the answer decides a write.
    """
    now = now or timezone.now()
    checkout = not run.is_free and not run.is_private
    try:
        check_person(user)
        check_run_open(run, now)
        if run.is_private and invite_code != run.invite_code:
            raise EnrolmentError(_("This run is open by invitation only."))
        if run.enrolments.live().filter(user=user).exists():
            raise EnrolmentError(_("You are already enrolled in this run."))
        check_prerequisite(user, run)
    except EnrolmentError as error:
        return Eligibility(state="", reason=str(error), checkout=checkout)
    return Eligibility(
        state=initial_state(run, now),
        checkout=checkout,
        sale_problem=sale_problem(run) if checkout else "",
    )
