"""The staff view of a run's learning progress in the Wagtail admin, and its CSV export.

The run is looked up through ``CourseRun.objects.for_user`` (the institution's runs for its
staff, all for the programme team), so the page and the file show nobody else's participants.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lms.accounts.spreadsheet import csv_response
from lms.enrolment.admin_views import RunAdminPageMixin
from lms.enrolment.models import CourseRun, Enrolment

from .models import module_model
from .outline import progress_of

#: Whose progress the staff see: everyone who learns or learned in the run.
SHOWN_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.COMPLETED,
    Enrolment.State.NOT_PASSED,
)


def run_progress(run) -> list[Enrolment]:
    """The run's learners (name order), each with ``progress`` (``outline.Progress``) and
    ``last_viewed`` (UTC or ``None``). Four queries whatever the size of the run."""
    module = module_model().objects.only("path", "depth").get(pk=run.module_id)
    enrolments = list(
        run.enrolments.filter(state__in=SHOWN_STATES)
        .select_related("user", "run")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    progress = progress_of(enrolments, [module])
    for enrolment in enrolments:
        enrolment.progress = progress[enrolment.pk]
        seen = [r.last_viewed_at for r in enrolment.progress.rows.values() if r.last_viewed_at]
        enrolment.last_viewed = max(seen, default=None)
    return enrolments


class RunProgressView(RunAdminPageMixin, TemplateView):
    """Every participant's progress through the run's lessons: done of total, the required
    lessons still open, last opened."""

    template_name = "learning/admin/progress.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Learning progress")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        enrolments = run_progress(self.run)
        context.update(
            run=self.run,
            enrolments=enrolments,
            lessons=enrolments[0].progress.lessons if enrolments else [],
        )
        return context


def progress_csv(request, run_id):
    """CSV of the run's progress: name, e-mail, state, lessons done, lessons in total,
    required lessons open (titles), last opened (UTC)."""
    run = get_object_or_404(CourseRun.objects.for_user(request.user), pk=run_id)
    header = [
        _("Name"),
        _("E-mail"),
        _("State"),
        _("Lessons done"),
        _("Lessons"),
        _("Required lessons open"),
        _("Last opened"),
    ]
    rows = [header] + [
        [
            enrolment.user.get_full_name(),
            enrolment.user.email,
            enrolment.get_state_display(),
            enrolment.progress.done,
            enrolment.progress.total,
            "; ".join(lesson.title for lesson in enrolment.progress.missing_required),
            enrolment.last_viewed or "",
        ]
        for enrolment in run_progress(run)
    ]
    return csv_response(f"voortgang-{run.code}.csv", rows)
