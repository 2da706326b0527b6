"""Participant evaluations: who is invited, until when they can answer, and the services that
invite and record answers.

After a run's last session every participant who attended the run (confirmed, completed or not
passed) is invited once: an empty :class:`~lms.enrolment.models.Evaluation` row marks the
invitation, an e-mail goes out, and "Mijn leeromgeving" lists the open evaluation. The answer
can be changed until :func:`closes_at`. Errors are :class:`EnrolmentError` with a message fit
for the participant; when one is raised nothing has changed.
"""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .evaluation_window import closes_at, is_open, last_session_end, open_period
from .exceptions import EnrolmentError
from .models import SCORE_FIELDS, CourseRun, Enrolment, Evaluation
from .notifications import notify_evaluation

__all__ = [
    "EVALUATED_STATES",
    "closes_at",
    "invite_participants",
    "is_open",
    "last_session_end",
    "open_evaluations",
    "open_period",
    "submit_evaluation",
]

#: Participants who are asked for an evaluation (they held a place when the run ended).
EVALUATED_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.COMPLETED,
    Enrolment.State.NOT_PASSED,
)


def invite_participants(run_id: int, now=None) -> int:
    """Invite every participant of the ended run ``run_id`` who was not invited yet.

    Makes the empty evaluation row (its ``invited_at`` is the invitation), records
    ``enrolment.evaluation_invite`` and queues the e-mail after commit. Idempotent: the
    enrolments are locked (``skip_locked``) and the row is unique per enrolment, so running it
    twice, or twice at once, invites each person once. Returns the number invited now.
    """
    now = now or timezone.now()
    run = CourseRun.objects.get(pk=run_id)
    if not is_open(run, now):
        return 0
    invited = 0
    with transaction.atomic():
        due = (
            Enrolment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(run_id=run_id, state__in=EVALUATED_STATES, evaluation__isnull=True)
            .select_related("user", "run")
        )
        for enrolment in due:
            evaluation = Evaluation.objects.create(enrolment=enrolment, invited_at=now)
            record(evaluation, "enrolment.evaluation_invite", to_state="invited")
            notify_evaluation(enrolment)
            invited += 1
    return invited


def _clean_scores(scores: dict) -> dict:
    """The five scores as integers, or :class:`EnrolmentError` naming the first bad one."""
    cleaned = {}
    for name in SCORE_FIELDS:
        cleaned[name] = _score(scores.get(name), 1, 10)
    cleaned["would_recommend"] = _score(scores.get("would_recommend"), 0, 10)
    return cleaned


def _score(value, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or str(number) != str(value).strip() or not low <= number <= high:
        raise EnrolmentError(
            _("Give every score as a whole number from %(low)s to %(high)s.")
            % {"low": low, "high": high}
        )
    return number


def submit_evaluation(enrolment_id: int, user, scores: dict, comments: str = "", now=None):
    """Record (or change) ``user``'s evaluation of their enrolment ``enrolment_id``.

    Args:
        scores: ``content_score``, ``trainer_score``, ``organisation_score`` and
            ``applicability_score`` (1–10) and ``would_recommend`` (0–10).
        comments: free text, stored as given (stripped).

    Returns:
        The saved :class:`Evaluation`.

    Raises:
        EnrolmentError: not the person's enrolment, not a participant, the run has not ended,
            the evaluation has closed, or a score is missing or out of range.
    """
    now = now or timezone.now()
    cleaned = _clean_scores(scores)
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().select_related("run").get(pk=enrolment_id)
        if enrolment.user_id != getattr(user, "pk", None):
            raise EnrolmentError(_("You can only evaluate your own enrolment."))
        if enrolment.state not in EVALUATED_STATES:
            raise EnrolmentError(_("Only participants of this run can evaluate it."))
        end = last_session_end(enrolment.run)
        if end is None or end > now:
            raise EnrolmentError(_("You can evaluate this run after its last session."))
        if now >= end + open_period():
            raise EnrolmentError(_("The evaluation of this run has closed."))
        try:
            with transaction.atomic():
                evaluation, _created = Evaluation.objects.get_or_create(enrolment=enrolment)
        except IntegrityError:
            evaluation = Evaluation.objects.get(enrolment=enrolment)
        before = "submitted" if evaluation.submitted_at else ""
        for name, value in cleaned.items():
            setattr(evaluation, name, value)
        evaluation.comments = (comments or "").strip()
        evaluation.submitted_at = now
        evaluation.save()
        record(
            evaluation,
            "enrolment.evaluation_submit",
            user=user,
            from_state=before,
            to_state="submitted",
        )
    return evaluation


def open_evaluations(user, now=None) -> list[Evaluation]:
    """The evaluations ``user`` was invited to and can still fill in or change, oldest run
    first, each with ``closes_at`` set. One query."""
    now = now or timezone.now()
    rows = (
        Evaluation.objects.for_user(user)
        .filter(enrolment__user=user, enrolment__state__in=EVALUATED_STATES)
        .annotate(last_end=Max("enrolment__run__sessions__ends_at"))
        .filter(last_end__lte=now, last_end__gt=now - open_period())
        .select_related("enrolment__run__module")
        .order_by("last_end", "pk")
    )
    found = list(rows)
    for evaluation in found:
        evaluation.closes_at = evaluation.last_end + open_period()
    return found
