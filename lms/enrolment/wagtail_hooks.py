"""Admin for runs and enrolments, beside their models."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_views import RunParticipantsView
from .models import CourseRun, Enrolment
from .scoping import (
    CourseRunAdminForm,
    TreeScopedPermissionPolicy,
    TreeScopedServiceOnlyPolicy,
    TreeScopedSnippetViewSet,
)
from .seats import with_seats_taken


class SeatsLeftColumn(Column):
    """Seats left, computed by the one seat rule for the whole listing page at once."""

    def get_value(self, instance):
        return max(instance.capacity - instance.seats_taken, 0)


class CourseRunViewSet(TreeScopedSnippetViewSet):
    model = CourseRun
    icon = "date"
    menu_label = _("Runs")
    list_display = [
        "code",
        "module",
        "status",
        "capacity",
        SeatsLeftColumn("seats_left", label=_("Seats left")),
        "price",
    ]
    list_filter = ["status", "is_private"]
    search_fields = ["code", "title", "place"]
    ordering = ["code"]
    edit_handler = ObjectList(
        [
            FieldPanel("module"),
            FieldPanel("code"),
            FieldPanel("title"),
            FieldPanel("place"),
            FieldPanel("capacity"),
            FieldPanel("price"),
            FieldPanel("status"),
            FieldPanel("is_private"),
            InlinePanel("sessions", heading=_("Sessions"), label=_("Session"), min_num=1),
        ],
        base_form_class=CourseRunAdminForm,
    )

    def get_queryset(self, request):
        return with_seats_taken(CourseRun.objects.for_user(request.user)).select_related("module")


class EnrolmentViewSet(TreeScopedSnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    inspect_view_enabled = True
    list_display = ["user", "run", "state", "price", "created_at"]
    list_filter = ["state", "payer"]
    search_fields = ["user__email", "user__last_name", "run__code"]

    def get_queryset(self, request):
        return Enrolment.objects.for_user(request.user).select_related("user", "run__module")


class EnrolmentGroup(SnippetViewSetGroup):
    menu_label = _("Courses")
    menu_icon = "calendar"
    menu_order = 200
    items = (CourseRunViewSet, EnrolmentViewSet)


register_permission_policy(CourseRun, TreeScopedPermissionPolicy(CourseRun))
register_permission_policy(Enrolment, TreeScopedServiceOnlyPolicy(Enrolment))
register_snippet(EnrolmentGroup)


@hooks.register("register_admin_urls")
def register_participant_urls():
    return [
        path(
            "runs/<int:run_id>/deelnemers/",
            RunParticipantsView.as_view(),
            name="enrolment_run_participants",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def run_participants_button(snippet, user, next_url=None):
    # The listing is already scoped by for_user(); this only picks the runs' rows.
    if isinstance(snippet, CourseRun):
        yield ListingButton(
            _("Participants and attendance"),
            reverse("enrolment_run_participants", args=[snippet.pk]),
            icon_name="group",
            priority=10,
        )


@hooks.register("register_log_actions")
def register_enrolment_actions(actions):
    actions.register_action("enrolment.confirm", _("Enrolment confirmed"), _("Enrolment confirmed"))
    actions.register_action("enrolment.cancel", _("Enrolment cancelled"), _("Enrolment cancelled"))
    actions.register_action(
        "enrolment.attendance", _("Attendance recorded"), _("Attendance recorded")
    )
    actions.register_action(
        "enrolment.complete", _("Enrolment completed"), _("Enrolment completed")
    )
