"""The programme team's panel on the admin home: four counts, each a link to the listing that
shows exactly those rows (the listings' filters use the same selectors as the counts)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from lms.accounts.models import OrganisationMembership
from lms.billing.models import Invoice
from lms.billing.selectors import overdue_invoice_ids
from lms.bookings.models import BookingRequest
from lms.bookings.selectors import open_requests
from lms.enrolment.models import CourseRun
from lms.enrolment.selectors import starting_this_week


@dataclass(frozen=True)
class Count:
    """One figure of the panel: its label, the number and the filtered listing's URL."""

    label: str
    number: int
    url: str


def team_counts(today=None) -> list[Count]:
    """The panel's four counts (all rows: only the programme team sees the panel). Four
    queries, whatever the number of rows; ``today`` is an Amsterdam date (default today)."""
    requested = OrganisationMembership.Status.REQUESTED
    return [
        Count(
            _("Open booking requests"),
            open_requests(BookingRequest.objects.all()).count(),
            _listing("bookings_bookingrequest", "still_open=true"),
        ),
        Count(
            _("Memberships to decide"),
            OrganisationMembership.objects.filter(status=requested).count(),
            _listing("accounts_organisationmembership", f"status={requested}"),
        ),
        Count(
            _("Runs starting this week"),
            starting_this_week(CourseRun.objects.all(), today).count(),
            _listing("enrolment_courserun", "starts_this_week=true"),
        ),
        Count(
            _("Overdue invoices"),
            len(overdue_invoice_ids(Invoice.objects.all(), today)),
            _listing("billing_invoice", "overdue=true"),
        ),
    ]


def _listing(snippet: str, query: str) -> str:
    return f"{reverse(f'wagtailsnippets_{snippet}:list')}?{query}"


class TeamPanel(Component):
    """Admin-home panel with :func:`team_counts`."""

    name = "reports_team_panel"
    order = 50
    template_name = "reports/team_panel.html"

    def get_context_data(self, parent_context=None):
        return {"counts": team_counts()}


def add_team_panel(request, panels) -> None:
    """``construct_homepage_panels`` hook: the panel, for the programme team only."""
    if request.user.is_programme_team:
        panels.append(TeamPanel())
