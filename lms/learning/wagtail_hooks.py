"""The learning app in the Wagtail admin and at Wagtail's document door.

- ``before_serve_document``: a lesson's document is refused to whoever may not read the
  lesson (``documents.may_download``): a visitor is sent to log in, anyone else gets 403;
- the run's progress page and CSV (``admin_views``), with a button on each run's row;
- the action-log names of the learning services.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from lms.enrolment.models import CourseRun

from .admin_views import RunProgressView, progress_csv
from .documents import may_download


@hooks.register("before_serve_document")
def guard_lesson_documents(document, request):
    """Refuse a lesson document to someone who may not read the lesson."""
    if may_download(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@hooks.register("register_admin_urls")
def register_progress_urls():
    """The run's learning progress page and its CSV export."""
    return [
        path(
            "runs/<int:run_id>/voortgang/", RunProgressView.as_view(), name="learning_run_progress"
        ),
        path("runs/<int:run_id>/voortgang.csv", progress_csv, name="learning_run_progress_csv"),
    ]


@hooks.register("register_snippet_listing_buttons")
def run_progress_button(snippet, user, next_url=None):
    """A "Learning progress" button on each run row of the (already scoped) runs listing."""
    if isinstance(snippet, CourseRun):
        yield ListingButton(
            _("Learning progress"),
            reverse("learning_run_progress", args=[snippet.pk]),
            icon_name="tasks",
            priority=25,
        )


@hooks.register("register_log_actions")
def register_learning_actions(actions):
    """The learning actions of the action log."""
    actions.register_action(
        "learning.lesson_done", _("Lesson marked done"), _("Lesson marked done")
    )
    actions.register_action(
        "learning.lesson_not_done", _("Lesson marked not done"), _("Lesson marked not done")
    )
