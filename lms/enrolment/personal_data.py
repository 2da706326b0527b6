"""The enrolment app's part of "download my data" (see lms.accounts.personal_data)."""

from django.utils.translation import gettext_lazy as _

from lms.accounts.personal_data import personal_data_section, rows

from .models import Attendance, Enrolment, Evaluation


@personal_data_section("enrolments", _("Enrolments"))
def _enrolments(user) -> list[dict]:
    return rows(
        Enrolment.objects.filter(user=user).order_by("created_at"),
        "run__module__title",
        "run__code",
        "state",
        "price",
        "payer",
        "organisation__name",
        "waitlisted_at",
        "created_at",
        "cancelled_at",
        "completed_at",
    )


@personal_data_section("attendance", _("Attendance"))
def _attendance(user) -> list[dict]:
    return rows(
        Attendance.objects.filter(enrolment__user=user).order_by("session__starts_at"),
        "enrolment__run__code",
        "session__starts_at",
    )


@personal_data_section("evaluations", _("Evaluations"))
def _evaluations(user) -> list[dict]:
    return rows(
        Evaluation.objects.filter(enrolment__user=user, submitted_at__isnull=False),
        "enrolment__run__code",
        "content_score",
        "trainer_score",
        "organisation_score",
        "applicability_score",
        "would_recommend",
        "comments",
        "submitted_at",
    )
