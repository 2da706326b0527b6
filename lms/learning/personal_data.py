"""The learning app's part of "download my data" (see lms.accounts.personal_data).

Anonymisation needs nothing here: progress rows hold no personal data of their own and
belong to the enrolment, which the account's erasure already makes anonymous.
"""

from django.utils.translation import gettext_lazy as _

from lms.accounts.personal_data import personal_data_section, rows

from .models import LessonProgress


@personal_data_section("lesson_progress", _("Lesson progress"))
def _lesson_progress(user) -> list[dict]:
    return rows(
        LessonProgress.objects.filter(enrolment__user=user).order_by("enrolment_id", "lesson_id"),
        "enrolment__run__code",
        "lesson__title",
        "last_viewed_at",
        "done_at",
    )
