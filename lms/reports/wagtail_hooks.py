"""The results dashboards in the admin menu, for the programme team, the steering committee
and institution managers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import scope
from .views import DashboardView


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.can_view_reports(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [path("resultaten/", DashboardView.as_view(), name="reports_dashboard")]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(_("Results"), reverse("reports_dashboard"), icon_name="table", order=300)
