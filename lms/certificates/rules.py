"""Completion rules: which of a module's rules a participant does not meet yet.

The rules live on :class:`~lms.certificates.models.CompletionRule` (one per module; a module
without one asks for full attendance). Evaluating a whole run costs a constant number of
queries, so the staff page and "complete run" scale with the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext as _

from lms.enrolment.models import CourseRun, Enrolment
from lms.learning.models import module_model
from lms.learning.outline import progress_of

from .models import AssessmentResult, CompletionRule

#: Enrolments whose rules are evaluated (a re-assessment can still complete ``not_passed``).
ASSESSED_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.NOT_PASSED)

DEFAULT_RULE = CompletionRule(min_attendance_percent=100)


@dataclass
class Verdict:
    """The outcome for one participant: ``unmet`` lists, in words, each rule not met yet."""

    enrolment: Enrolment
    attended: int
    sessions: int
    unmet: list[str] = field(default_factory=list)

    @property
    def meets_rules(self) -> bool:
        return not self.unmet

    @property
    def attended_any(self) -> bool:
        return self.attended > 0


def evaluation_model():
    """The participant-evaluation model, or ``None`` while it does not exist (issue 10)."""
    try:
        return apps.get_model("enrolment", "Evaluation")
    except LookupError:
        return None


def submitted_evaluations(enrolment_ids) -> set[int] | None:
    """Ids among ``enrolment_ids`` with a submitted evaluation; ``None`` when evaluations are
    not available in this installation (then the rule cannot be met)."""
    model = evaluation_model()
    if model is None:
        return None
    rows = model.objects.filter(enrolment_id__in=list(enrolment_ids))
    if any(f.name == "submitted_at" for f in model._meta.get_fields()):
        rows = rows.filter(submitted_at__isnull=False)
    return set(rows.values_list("enrolment_id", flat=True))


def rule_for(module_id: int) -> CompletionRule:
    """The module's completion rule, or the default (100 % attendance, nothing else)."""
    return CompletionRule.objects.filter(module_id=module_id).first() or DEFAULT_RULE


def _assessment_unmet(rule: CompletionRule, result: AssessmentResult | None) -> str | None:
    if rule.assessment == CompletionRule.Assessment.NONE:
        return None
    if result is None:
        return _("No assessment result has been recorded.")
    if rule.assessment == CompletionRule.Assessment.PASS_FAIL:
        return None if result.passed else _("The assessment was not passed.")
    if result.grade is None:
        return _("No grade has been recorded.")
    if result.grade < rule.pass_mark:
        return _("The grade %(grade)s is below the pass mark %(mark)s.") % {
            "grade": result.grade,
            "mark": rule.pass_mark,
        }
    return None


def _lesson_progress(run: CourseRun, enrolments) -> dict:
    """Each enrolment's progress through the module's lessons (``lms.learning``), 3 queries."""
    module = module_model().objects.only("path", "depth").get(pk=run.module_id)
    return progress_of(enrolments, [module])


def evaluate_run(run: CourseRun, enrolments=None) -> list[Verdict]:
    """Evaluate the rules for every participant of ``run`` (or the given enrolments).

    Returns:
        One :class:`Verdict` per enrolment in ``ASSESSED_STATES`` (or per given enrolment),
        ordered by the participant's name. Five queries whatever the size of the run (three more
        when the rule asks for the required lessons).
    """
    rule = rule_for(run.module_id)
    sessions = list(run.sessions.all())
    compulsory = {s.pk: s for s in sessions if s.is_compulsory}
    if enrolments is None:
        enrolments = (
            run.enrolments.filter(state__in=ASSESSED_STATES)
            .select_related("user")
            .prefetch_related("attendances")
            .order_by("user__last_name", "user__first_name", "pk")
        )
    enrolments = list(enrolments)
    ids = [e.pk for e in enrolments]
    results = {r.enrolment_id: r for r in AssessmentResult.objects.filter(enrolment_id__in=ids)}
    evaluations = submitted_evaluations(ids) if rule.requires_evaluation else set()
    lessons = _lesson_progress(run, enrolments) if rule.requires_lessons else {}
    verdicts = []
    for enrolment in enrolments:
        present = {a.session_id for a in enrolment.attendances.all() if a.present}
        verdict = Verdict(enrolment, attended=len(present), sessions=len(sessions))
        if sessions:
            share = Decimal(100) * len(present) / len(sessions)
            if share < rule.min_attendance_percent:
                verdict.unmet.append(
                    _("Attended %(share)s%% of the sessions; %(needed)s%% is required.")
                    % {"share": round(share), "needed": rule.min_attendance_percent}
                )
        for session_id, session in compulsory.items():
            if session_id not in present:
                verdict.unmet.append(
                    _("Missed the compulsory session %(session)s.") % {"session": session}
                )
        problem = _assessment_unmet(rule, results.get(enrolment.pk))
        if problem:
            verdict.unmet.append(problem)
        if rule.requires_evaluation:
            if evaluations is None:
                verdict.unmet.append(_("Evaluations are not available yet."))
            elif enrolment.pk not in evaluations:
                verdict.unmet.append(_("The evaluation has not been submitted."))
        if rule.requires_lessons:
            missing = lessons[enrolment.pk].missing_required
            if missing:
                verdict.unmet.append(
                    _("Required lessons not done: %(titles)s.")
                    % {"titles": ", ".join(lesson.title for lesson in missing)}
                )
        verdicts.append(verdict)
    return verdicts
