"""Every change to learning progress: a lesson opened, marked done or marked not done.

Marking is logged on the enrolment (``learning.lesson_done`` / ``learning.lesson_not_done``);
opening a lesson only updates ``last_viewed_at`` (it drives "continue where you left off") and
is not logged: reading is not a decision anyone needs to audit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from lms.accounts.audit import record
from lms.enrolment.models import Enrolment

from .access import LEARNING_STATES
from .exceptions import LearningError
from .models import LessonProgress


def _check(enrolment: Enrolment, lesson) -> None:
    """Refuse a lesson outside the enrolment's module, a lesson not live, or an enrolment
    that no longer learns (cancelled, waiting, completed: the record is closed)."""
    parent_path = lesson.path[: -Page.steplen]
    module_path = (
        Page.objects.filter(pk=enrolment.run.module_id).values_list("path", flat=True).first()
    )
    if parent_path != module_path or not lesson.live:
        raise LearningError(_("This lesson is not part of the module you are enrolled in."))
    if enrolment.state not in LEARNING_STATES:
        raise LearningError(
            _("Your enrolment is %(state)s: progress can no longer be changed.")
            % {"state": enrolment.get_state_display().lower()}
        )


def record_visit(enrolment: Enrolment, lesson, now=None) -> LessonProgress | None:
    """Note that the participant of ``enrolment`` opened ``lesson`` now (UTC). A completed
    enrolment reads without leaving a trace; returns the progress row, or ``None`` then."""
    if enrolment.state not in LEARNING_STATES:
        return None
    now = now or timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson_id=lesson.pk, defaults={"last_viewed_at": now}
    )
    if not created:
        progress.last_viewed_at = now
        progress.save(update_fields=["last_viewed_at"])  # a signal: "Mijn leeromgeving" follows
    return progress


@transaction.atomic
def mark_done(enrolment: Enrolment, lesson, *, user=None, now=None) -> LessonProgress:
    """Mark ``lesson`` done for ``enrolment`` (idempotent: a second call changes nothing).

    Raises:
        LearningError: the lesson is not a live lesson of the enrolment's module, or the
            enrolment is not *confirmed* or *not passed*.
    """
    _check(enrolment, lesson)
    now = now or timezone.now()
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        enrolment=enrolment, lesson_id=lesson.pk, defaults={"last_viewed_at": now}
    )
    if progress.done_at is None:
        progress.done_at = now
        progress.save(update_fields=["done_at"])
        record(enrolment, "learning.lesson_done", user=user, lesson=lesson.pk, title=lesson.title)
    return progress


@transaction.atomic
def mark_not_done(enrolment: Enrolment, lesson, *, user=None) -> LessonProgress | None:
    """Undo :func:`mark_done` (idempotent). Raises ``LearningError`` as :func:`mark_done`."""
    _check(enrolment, lesson)
    progress = (
        LessonProgress.objects.select_for_update()
        .filter(enrolment=enrolment, lesson_id=lesson.pk)
        .first()
    )
    if progress is not None and progress.done_at is not None:
        progress.done_at = None
        progress.save(update_fields=["done_at"])
        record(
            enrolment, "learning.lesson_not_done", user=user, lesson=lesson.pk, title=lesson.title
        )
    return progress
