"""The results dashboards in the admin menu, for the programme team, the steering committee
and institution managers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import scope, team_panel
from .views import DashboardView


class ReportsMenuItem(MenuItem):
    """The "Results" menu item, shown only to people who may read the dashboards."""

    def is_shown(self, request):
        """True for the programme team, the steering committee and institution managers."""
        return scope.can_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    """The results dashboard at /beheer/resultaten/."""
    return [path("resultaten/", DashboardView.as_view(), name="reports_dashboard")]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    """Adds the "Results" item to the admin menu."""
    return ReportsMenuItem(_("Results"), reverse("reports_dashboard"), icon_name="table", order=300)


hooks.register("construct_homepage_panels", team_panel.add_team_panel)
