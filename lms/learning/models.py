"""A participant's progress through a module's lessons, one row per enrolment and lesson."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.enrolment.models import Enrolment


class LessonProgress(models.Model):
    """What one enrolment did with one lesson: when it was last opened (UTC) and, once the
    participant marked it so, when it was done (UTC; empty while not done).

    Progress belongs to the enrolment, so a participant who enrols again (after *not passed*)
    starts afresh in the new run and a run's staff see only their own run's progress.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
        verbose_name=_("enrolment"),
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("lesson"),
    )
    last_viewed_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")
        ]
        indexes = [models.Index(fields=["enrolment", "last_viewed_at"])]

    def __str__(self):
        return f"{self.enrolment_id}: {self.lesson_id}"


def lesson_model():
    """The lesson page model, reached through the foreign key (the domain never imports the
    CMS)."""
    return LessonProgress._meta.get_field("lesson").related_model


def module_model():
    """The module page model, reached through the run's foreign key."""
    from lms.enrolment.models import CourseRun

    return CourseRun._meta.get_field("module").related_model
