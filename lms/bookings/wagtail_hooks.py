"""Admin for the programme team: booking requests (with their manage page), quotes (drafts
are edited here, sending goes through the service), engagements and logged sessions."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.accounts.admin_policies import ServiceOnlyPermissionPolicy
from lms.accounts.admin_scope import register_scope
from lms.accounts.admin_scope_views import ScopedFilterSet, ScopedSnippetViewSet

from .admin_views import BookingManageView
from .models import BookingRequest, Engagement, EngagementSession, Quote
from .selectors import open_requests


class DraftQuotePermissionPolicy(ModelPermissionPolicy):
    """Programme team may add quotes and edit or delete them while they are drafts; a sent
    quote is frozen (revise it instead)."""

    def user_has_permission_for_instance(self, user, action, instance):
        """Change and delete only while the quote is a draft; otherwise the model permission
        decides."""
        if action in ("change", "delete") and instance.state != Quote.State.DRAFT:
            return False
        return self.user_has_permission(user, action)


class BookingRequestFilterSet(ScopedFilterSet):
    """The booking request listing's filters, with "still open" (the team panel's count)."""

    still_open = django_filters.BooleanFilter(label=_("Still open"), method="filter_still_open")

    def filter_still_open(self, queryset, name, value):
        """Requests not yet invoiced, declined or withdrawn (open_requests), or the others."""
        if value is None:
            return queryset
        still_open = open_requests(queryset).values("pk")
        return queryset.filter(pk__in=still_open) if value else queryset.exclude(pk__in=still_open)

    class Meta:
        model = BookingRequest
        fields = ["state", "format_kind"]


class BookingRequestViewSet(ScopedSnippetViewSet):
    """Booking requests, view and inspect only; the "Manage" page acts through the booking
    services."""

    model = BookingRequest
    icon = "form"
    menu_label = _("Booking requests")
    inspect_view_enabled = True
    list_display = ["organisation_name", "format_kind", "state", "institution", "created_at"]
    filterset_class = BookingRequestFilterSet
    search_fields = ["organisation_name", "contact_name", "contact_email"]

    def get_queryset(self, request):
        """The visible requests with their institution in the same query."""
        return super().get_queryset(request).select_related("institution")


class QuoteViewSet(ScopedSnippetViewSet):
    """Quotes: drafts are edited here (lines inline); sending, accepting and revising go through
    the quote services."""

    model = Quote
    icon = "doc-full"
    menu_label = _("Quotes")
    list_display = ["__str__", "booking", "state", "valid_until"]
    list_filter = ["state"]
    panels = [
        FieldPanel("booking"),
        FieldPanel("valid_until"),
        FieldPanel("planned_delivery_date"),
        FieldPanel("introduction"),
        InlinePanel("lines", heading=_("Lines"), label=_("Line"), min_num=1),
    ]

    def get_queryset(self, request):
        """The visible quotes with their booking request in the same query."""
        return super().get_queryset(request).select_related("booking")


class EngagementViewSet(ScopedSnippetViewSet):
    """Coaching and advice engagements, view only (started and closed by the booking services)."""

    model = Engagement
    icon = "group"
    menu_label = _("Engagements")
    inspect_view_enabled = True
    list_display = ["organisation", "project_title", "state", "planned_hours", "ends_on"]
    list_filter = ["state"]

    def get_queryset(self, request):
        """The visible engagements with organisation, request and pilot project."""
        return (
            super().get_queryset(request).select_related("organisation", "booking", "pilot_project")
        )


class EngagementSessionViewSet(ScopedSnippetViewSet):
    """Logged coaching sessions (hours), view only."""

    model = EngagementSession
    icon = "time"
    menu_label = _("Logged sessions")
    inspect_view_enabled = True
    list_display = ["engagement", "coach", "date", "duration_hours"]

    def get_queryset(self, request):
        """The visible sessions with engagement organisation and coach."""
        return super().get_queryset(request).select_related("engagement__organisation", "coach")


class BookingsGroup(SnippetViewSetGroup):
    """The admin menu group "Bookings": requests, quotes, engagements, logged sessions."""

    menu_label = _("Bookings")
    menu_icon = "form"
    menu_order = 250
    items = (BookingRequestViewSet, QuoteViewSet, EngagementViewSet, EngagementSessionViewSet)


for _model in (BookingRequest, Engagement, EngagementSession):
    register_scope(_model, ServiceOnlyPermissionPolicy(_model))
register_scope(Quote, DraftQuotePermissionPolicy(Quote))
register_snippet(BookingsGroup)


@hooks.register("register_admin_urls")
def register_booking_urls():
    """The programme team's manage page of one booking request."""
    return [
        path("boekingen/<int:booking_id>/", BookingManageView.as_view(), name="bookings_manage")
    ]


@hooks.register("register_snippet_listing_buttons")
def booking_manage_button(snippet, user, next_url=None):
    """A "Manage" button on each booking request row."""
    if isinstance(snippet, BookingRequest):
        yield ListingButton(
            _("Manage"),
            reverse("bookings_manage", args=[snippet.pk]),
            icon_name="cogs",
            priority=10,
        )


@hooks.register("register_log_actions")
def register_booking_actions(actions):
    """The booking actions of the action log, with their Dutch labels."""
    for name, label in (
        ("bookings.request", _("Booking request received")),
        ("bookings.link_organisation", _("Request linked to an organisation")),
        ("bookings.intake", _("Intake started")),
        ("bookings.assign", _("Booking assigned")),
        ("bookings.decline", _("Booking request declined")),
        ("bookings.withdraw", _("Booking request withdrawn")),
        ("bookings.quoted", _("Quote sent for booking")),
        ("bookings.quote_create", _("Quote drafted")),
        ("bookings.quote_send", _("Quote sent")),
        ("bookings.quote_supersede", _("Quote superseded")),
        ("bookings.quote_accept", _("Quote accepted")),
        ("bookings.quote_decline", _("Quote declined")),
        ("bookings.schedule", _("Booking scheduled")),
        ("bookings.deliver", _("Booking delivered")),
        ("bookings.invoice", _("Booking invoiced")),
        ("bookings.engagement_start", _("Engagement started")),
        ("bookings.engagement_log", _("Engagement hours logged")),
        ("bookings.engagement_close", _("Engagement closed")),
    ):
        actions.register_action(name, label, label)
