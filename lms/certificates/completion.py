"""Completing a run (its completion rules move every participant on) and recording a
participant's assessment, which the completion rules then read."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment import services as enrolment_services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.locks import lock_run
from lms.enrolment.models import CourseRun, Enrolment

from .exceptions import CertificateError
from .models import AssessmentResult
from .rules import evaluate_run
from .tasks import issue_run_certificates


@dataclass
class RunCompletion:
    """What :func:`complete_run` did: completed enrolments, and the not-passed ones with why."""

    completed: list[Enrolment] = field(default_factory=list)
    not_passed: list[tuple[Enrolment, list[str]]] = field(default_factory=list)
    skipped: list[tuple[Enrolment, list[str]]] = field(default_factory=list)


def complete_run(run: CourseRun, *, user) -> RunCompletion:
    """Evaluate the completion rules for every participant of ``run`` and move them on.

    Who meets the rules becomes ``completed`` (and gets a certificate); who attended at least
    one session but does not becomes ``not_passed`` with the unmet rules as reason; who
    attended nothing is left as they are (``skipped``). ``not_passed`` enrolments that now
    meet the rules (after a re-assessment) are completed. Afterwards the run's certificates
    are issued and rendered in the background.

    Raises:
        CertificateError: the run has not ended yet.
    """
    with transaction.atomic():
        run = lock_run(run.pk)
        last_end = run.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
        if last_end is None or last_end > timezone.now():
            raise CertificateError(_("A run can only be completed after its last session."))
        outcome = RunCompletion()
        for verdict in evaluate_run(run):
            enrolment = verdict.enrolment
            try:
                if verdict.meets_rules:
                    enrolment_services.complete_enrolment(enrolment, user=user)
                    outcome.completed.append(enrolment)
                elif verdict.attended_any and enrolment.state == Enrolment.State.CONFIRMED:
                    enrolment_services.mark_not_passed(
                        enrolment, user=user, reason=" ".join(verdict.unmet)
                    )
                    outcome.not_passed.append((enrolment, verdict.unmet))
                else:
                    outcome.skipped.append((enrolment, verdict.unmet))
            except EnrolmentError as error:
                raise CertificateError(f"{enrolment.user}: {error}") from error
        record(
            run,
            "certificates.complete_run",
            user=user,
            completed=len(outcome.completed),
            not_passed=len(outcome.not_passed),
        )
        transaction.on_commit(partial(_enqueue_run_issue, run.pk, getattr(user, "pk", None)))
    return outcome


def _enqueue_run_issue(run_id: int, user_id) -> None:
    issue_run_certificates.enqueue(run_id, user_id)


def enqueue_run_issue(run: CourseRun, *, user=None) -> None:
    """Issue ``run``'s certificates in the background once the current transaction commits
    (see :func:`issue_for_run`; running it twice issues nothing twice)."""
    transaction.on_commit(partial(_enqueue_run_issue, run.pk, getattr(user, "pk", None)))


def _parse_grade(grade) -> Decimal | None:
    if grade in (None, ""):
        return None
    try:
        value = Decimal(str(grade).replace(",", "."))
    except InvalidOperation as exc:
        raise CertificateError(_("Enter the grade as a number, e.g. 7,5.")) from exc
    if not value.is_finite() or value < 0 or value >= 1000:
        raise CertificateError(_("Enter the grade as a number, e.g. 7,5."))
    return value.quantize(Decimal("0.1"))


def record_assessment(enrolment: Enrolment, *, user, passed=None, grade=None) -> AssessmentResult:
    """Record a participant's assessment: ``passed`` (bool) or a ``grade`` (number).

    A later call replaces the earlier result (a re-assessment); "complete run" then decides.

    Raises:
        CertificateError: the enrolment is not a participant's, or neither a pass/fail nor a
            valid grade was given.
    """
    value = _parse_grade(grade)
    if passed is None and value is None:
        raise CertificateError(_("Record either passed/failed or a grade."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.state not in (
            Enrolment.State.CONFIRMED,
            Enrolment.State.NOT_PASSED,
            Enrolment.State.COMPLETED,
        ):
            raise CertificateError(_("An assessment can only be recorded for participants."))
        result = AssessmentResult.objects.filter(enrolment=enrolment).first()
        before = "" if result is None else str(result.grade if result.grade else result.passed)
        if result is None:
            result = AssessmentResult(enrolment=enrolment)
        result.passed = passed
        result.grade = value
        result.recorded_by = user
        result.recorded_at = timezone.now()
        result.save()
        after = str(value) if value is not None else str(passed)
        record(enrolment, "certificates.assessment", user=user, from_state=before, to_state=after)
    return result
