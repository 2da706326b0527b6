"""Admin for runs and enrolments, beside their models."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import HistoryView, SnippetViewSetGroup

from lms.accounts.admin_policies import ServiceOnlyPermissionPolicy
from lms.accounts.admin_scope import register_scope
from lms.accounts.admin_scope_views import ScopedFilterSet, ScopedSnippetViewSet, scoped_view

from .admin_views import RunParticipantsView, participants_csv
from .models import CourseRun, Enrolment, Offer
from .offers import announce_run_change, tidy_run
from .scoping import CourseRunAdminForm
from .seats import with_seats_taken
from .selectors import starting_this_week

# The title of the module's parent page (its institution), in the same query as the runs.
INSTITUTION_TITLE = Subquery(
    Page.objects.filter(
        path=Substr(OuterRef("module__path"), 1, Length(OuterRef("module__path")) - Page.steplen)
    ).values("title")[:1]
)


class FirstSessionColumn(Column):
    """The first session's start as a Dutch date ("3 februari 2027"), local time."""

    def get_value(self, instance):
        """The first start, or a dash for a run without sessions."""
        start = getattr(instance, "first_start", None)
        return date_format(timezone.localtime(start), "j F Y") if start else "–"


class SeatsLeftColumn(Column):
    """Seats left, computed by the one seat rule for the whole listing page at once."""

    def get_value(self, instance):
        """Capacity minus the seats taken, never below zero."""
        return max(instance.capacity - instance.seats_taken, 0)


class CourseRunFilterSet(ScopedFilterSet):
    """The runs listing's filters, with "starts this week" (the team panel's count)."""

    starts_this_week = django_filters.BooleanFilter(
        label=_("Starts this week"), method="filter_starts_this_week"
    )

    def filter_starts_this_week(self, queryset, name, value):
        """Runs whose first session is in this Monday-to-Sunday week (Europe/Amsterdam), or the
        others."""
        if value is None:
            return queryset
        this_week = starting_this_week(CourseRun.objects.all()).values("pk")
        return queryset.filter(pk__in=this_week) if value else queryset.exclude(pk__in=this_week)

    class Meta:
        model = CourseRun
        fields = ["status", "is_private", "module"]


class CourseRunViewSet(ScopedSnippetViewSet):
    """Runs in the admin: listed by first session with institution and seats left (not the
    capacity too: with it the listing ran past the screen's edge at 1280 px, issue 24; it is on
    the run's form and participants page); edited through CourseRunAdminForm, scoped to the
    institutions the user manages."""

    model = CourseRun
    icon = "date"
    menu_label = _("Runs")
    list_display = [
        "code",
        FirstSessionColumn("first_start", label=_("First session"), sort_key="first_start"),
        "module",
        Column("institution_title", label=_("Institution")),
        "status",
        SeatsLeftColumn("seats_left", label=_("Seats left")),
        "price",
    ]
    filterset_class = CourseRunFilterSet
    search_fields = ["code", "title", "place"]
    ordering = ["first_start", "code"]
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
            FieldPanel("enrolment_opens_at"),
            FieldPanel("enrolment_closes_at"),
            FieldPanel("free_cancellation_days"),
            FieldPanel("min_participants"),
            FieldPanel("go_decision_on"),
            FieldPanel("waitlist_mode"),
            FieldPanel("offer_hours"),
            FieldPanel("requires_approval"),
            FieldPanel("hold_days"),
            FieldPanel("prerequisite_module"),
            InlinePanel("sessions", heading=_("Sessions"), label=_("Session"), min_num=1),
        ],
        base_form_class=CourseRunAdminForm,
    )

    def get_queryset(self, request):
        """The visible runs with their dates, institution title and seats taken, in constant
        queries."""
        runs = super().get_queryset(request).with_dates()
        return with_seats_taken(runs.annotate(institution_title=INSTITUTION_TITLE)).select_related(
            "module"
        )


class ViewableHistoryView(HistoryView):
    """The action log of service-only models: readable by whoever may view them (Wagtail
    otherwise asks for add/change/delete, which nobody has on these models)."""

    any_permission_required = ["view"]


class EnrolmentViewSet(ScopedSnippetViewSet):
    """Enrolments, view only (they change through the enrolment services), scoped to the user's
    runs and organisations."""

    model = Enrolment
    history_view_class = scoped_view(ViewableHistoryView)
    icon = "user"
    menu_label = _("Enrolments")
    inspect_view_enabled = True
    list_display = ["user", "run", "state", "price", "created_at"]
    list_filter = ["state", "payer", "run__module", "organisation"]
    search_fields = ["user__email", "user__last_name", "run__code"]

    def get_queryset(self, request):
        """The visible enrolments with their person and run in the same query."""
        return super().get_queryset(request).select_related("user", "run__module")


class OfferViewSet(ScopedSnippetViewSet):
    """Waiting-list offers, view only (the offer services write them), scoped like their runs."""

    model = Offer
    history_view_class = scoped_view(ViewableHistoryView)
    icon = "time"
    menu_label = _("Waiting-list offers")
    inspect_view_enabled = True
    list_display = ["enrolment", "run", "state", "created_at", "expires_at"]
    list_filter = ["state"]

    def get_queryset(self, request):
        """The visible offers with their enrolment's person and run."""
        return super().get_queryset(request).select_related("enrolment__user", "run")


class EnrolmentGroup(SnippetViewSetGroup):
    """The admin menu group "Courses": runs, enrolments and waiting-list offers."""

    menu_label = _("Courses")
    menu_icon = "calendar"
    menu_order = 200
    items = (CourseRunViewSet, EnrolmentViewSet, OfferViewSet)


register_scope(CourseRun, ModelPermissionPolicy(CourseRun))
register_scope(Enrolment, ServiceOnlyPermissionPolicy(Enrolment))
register_scope(Offer, ServiceOnlyPermissionPolicy(Offer))
register_snippet(EnrolmentGroup)


@hooks.register("register_admin_urls")
def register_participant_urls():
    """The run's participants page (attendance) and its CSV export."""
    return [
        path(
            "runs/<int:run_id>/deelnemers/",
            RunParticipantsView.as_view(),
            name="enrolment_run_participants",
        ),
        path(
            "runs/<int:run_id>/deelnemers.csv",
            participants_csv,
            name="enrolment_run_participants_csv",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def run_participants_button(snippet, user, next_url=None):
    """A "Participants and attendance" button on each run row of the runs listing (already
    scoped by for_user(); this only picks the runs' rows)."""
    if isinstance(snippet, CourseRun):
        yield ListingButton(
            _("Participants and attendance"),
            reverse("enrolment_run_participants", args=[snippet.pk]),
            icon_name="group",
            priority=10,
        )


@hooks.register("register_log_actions")
def register_enrolment_actions(actions):
    """The enrolment actions of the action log, with their Dutch labels."""
    for name, label in (
        ("enrolment.confirm", _("Enrolment confirmed")),
        ("enrolment.cancel", _("Enrolment cancelled")),
        ("enrolment.waitlist", _("Placed on the waiting list")),
        ("enrolment.pending", _("Place held pending")),
        ("enrolment.promote", _("Moved to the front of the waiting list")),
        ("enrolment.offer", _("Seat offered")),
        ("enrolment.offer_accept", _("Offer accepted")),
        ("enrolment.offer_decline", _("Offer declined")),
        ("enrolment.offer_expire", _("Offer expired")),
        ("enrolment.run_create", _("Run created")),
        ("enrolment.run_capacity", _("Seats changed")),
        ("enrolment.run_status", _("Run status changed")),
        ("enrolment.run_go", _("Run confirmed to go ahead")),
        ("enrolment.run_cancel", _("Run cancelled")),
        ("enrolment.run_change", _("Dates or place changed")),
        ("enrolment.attendance", _("Attendance recorded")),
        ("enrolment.complete", _("Enrolment completed")),
        ("enrolment.not_passed", _("Enrolment not passed")),
        ("enrolment.feed_renew", _("Calendar link renewed")),
        ("enrolment.evaluation_invite", _("Invited to evaluate")),
        ("enrolment.evaluation_submit", _("Evaluation submitted")),
        ("enrolment.interest", _("Asked to be kept informed")),
    ):
        actions.register_action(name, label, label)


# Participants hear about a change of date or place: the schedule is noted before an edit
# and compared after it. A raised capacity is offered to the waiting list at the same time.
_SCHEDULE_ATTR = "_enrolment_schedule_before"


@hooks.register("before_edit_snippet")
def note_schedule_before_edit(request, instance):
    """Before a run is edited, remember its dates and places to compare afterwards."""
    if isinstance(instance, CourseRun):
        setattr(request, _SCHEDULE_ATTR, instance.schedule_fingerprint())


@hooks.register("after_edit_snippet")
def announce_schedule_change(request, instance):
    """After a run is edited: tell participants about changed dates or places, or else offer freed
    seats to the waiting list (tidy_run)."""
    if not isinstance(instance, CourseRun):
        return
    before = getattr(request, _SCHEDULE_ATTR, None)
    if before is not None and before != instance.schedule_fingerprint():
        announce_run_change(instance, user=request.user)
    else:
        tidy_run(instance.pk)
