"""Issue 13 item 10: cost recovery is computed in one place for the admin overview and the
dashboard; a credit on a tailored-booking invoice adds no blank module row; a credit note
counts in the period of its own issue date in both views, and both say so."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from lms.billing import reports, services
from lms.billing.models import ModuleBudget
from lms.reports.filters import ReportFilter
from lms.reports.finance import revenue_and_cost_recovery


def _booking_invoice(seller, organisation):
    """An invoice like a tailored booking's: lines without an enrolment."""
    return services.issue_invoice(
        seller,
        services.buyer_for_organisation(organisation),
        [
            {
                "description": "Offerte: Trainerdagen",
                "quantity": Decimal("2"),
                "unit_price": Decimal("1250.00"),
                "vat_category": "E",
                "vat_rate": Decimal("0.00"),
                "exemption_reason": "x",
                "delivery_date": timezone.localdate(),
            }
        ],
        organisation=organisation,
    )


def test_credit_on_a_booking_invoice_adds_no_blank_module_row(
    make_user, run, module, seller, organisation, programme_team_user
):
    """Seen: the admin overview listed a row without a module for such a credit."""
    services.checkout(make_user(), run, accept_terms=True)
    invoice = _booking_invoice(seller, organisation)
    services.issue_credit_note(invoice, {invoice.lines.get(): Decimal("500.00")}, reason="x")
    rows = reports.cost_recovery(programme_team_user)
    assert [(r.module_id, r.title) for r in rows] == [(module.pk, module.title)]
    assert rows[0].revenue == Decimal("495.00")


def test_admin_overview_and_dashboard_agree_and_credits_count_on_their_own_date(
    client, make_user, run, module, seller, programme_team_user
):
    ModuleBudget.objects.create(
        module=module, development_cost=Decimal("1000.00"), programme_contribution=Decimal("0")
    )
    with time_machine.travel(dt.datetime(2026, 12, 20, 12, tzinfo=dt.UTC)):
        place = services.checkout(make_user(), run, accept_terms=True)
    line = place.invoice_lines.get()
    with time_machine.travel(dt.datetime(2027, 1, 5, 12, tzinfo=dt.UTC)):
        services.issue_credit_note(line.invoice, {line: Decimal("95.00")}, reason="x")
    year_2026 = ReportFilter(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    year_2027 = ReportFilter(start=dt.date(2027, 1, 1), end=dt.date(2027, 12, 31))
    (dash_2026,) = revenue_and_cost_recovery(year_2026).rows
    (dash_2027,) = revenue_and_cost_recovery(year_2027).rows
    assert (dash_2026["invoiced"], dash_2026["credited"]) == (Decimal("495.00"), Decimal("0"))
    assert (dash_2027["invoiced"], dash_2027["credited"]) == (Decimal("0"), Decimal("95.00"))
    (admin_2026,) = reports.cost_recovery(
        programme_team_user, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31)
    )
    assert admin_2026.revenue == dash_2026["revenue"] == Decimal("495.00")
    assert admin_2026.recovery_percentage == dash_2026["cost_recovery"]
    (all_time,) = reports.cost_recovery(programme_team_user)
    assert all_time.revenue == Decimal("400.00")
    client.force_login(programme_team_user)
    page = client.get(reverse("billing_overview")).content.decode()
    assert "eigen datum" in page  # the admin speaks Dutch
    assert "own issue date" in str(revenue_and_cost_recovery(year_2026).note)
