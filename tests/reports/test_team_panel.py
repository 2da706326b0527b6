"""Issue 24 item 1: the programme team's panel on the admin home. Four counts, each linking to
a listing that shows exactly the counted rows; only the programme team sees it; the number of
queries does not grow with the rows."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.accounts.models import Organisation, OrganisationMembership
from lms.billing import services
from lms.billing.models import BillingProfile, Payment
from lms.bookings.models import BookingRequest
from lms.reports.team_panel import team_counts

pytestmark = pytest.mark.django_db

# Wednesday 2 December 2026, 10:00 in Amsterdam: the week runs Mon 30 Nov – Sun 6 Dec.
NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)


def _organisation(name="Gemeente Zwolle"):
    org = Organisation.objects.create(name=name, kind="municipality")
    BillingProfile.objects.create(
        organisation=org, street="Grote Kerkplein 1", postcode="8011 PK", city="Zwolle"
    )
    return org


def _booking(make_format, org, state):
    page = make_format("tailored_training") if not hasattr(_booking, "page") else _booking.page
    _booking.page = page
    return BookingRequest.objects.create(
        format=page,
        format_kind=page.kind,
        organisation=org,
        organisation_name=org.name,
        organisation_kind="municipality",
        contact_name="Contact",
        contact_email="contact@zwolle.example",
        expected_participants=12,
        preferred_start=dt.date(2027, 1, 1),
        preferred_end=dt.date(2027, 3, 1),
        place="online",
        question="Vraag",
        state=state,
    )


def _invoice(seller, org, due, paid=Decimal("0")):
    # Issued on the day that makes ``due`` its due date: issued invoices cannot be changed
    # afterwards (on PostgreSQL a trigger refuses the UPDATE).
    issued = dt.datetime.combine(
        due - dt.timedelta(days=seller.payment_term_days),
        dt.time(12),
        tzinfo=timezone.get_default_timezone(),
    )
    with time_machine.travel(issued, tick=False):
        invoice = _issue(seller, org)
    assert invoice.due_date == due
    if paid:
        Payment.objects.create(invoice=invoice, amount=paid, method="bank", received_on=due)
    return invoice


def _issue(seller, org):
    return services.issue_invoice(
        seller,
        services.buyer_for_organisation(org),
        [
            {
                "description": "Trainerdag",
                "quantity": Decimal("1"),
                "unit_price": Decimal("1000.00"),
                "vat_category": "E",
                "vat_rate": Decimal("0.00"),
                "exemption_reason": "x",
                "delivery_date": dt.date(2026, 10, 1),
            }
        ],
        organisation=org,
    )


@pytest.fixture
def world(make_format, make_run, make_user, institution, make_seller):
    """Rows in and out of each count, so each count and each listing can be checked."""
    if hasattr(_booking, "page"):
        del _booking.page
    org = _organisation()
    for state in ("new", "intake", "quoted", "delivered", "invoiced", "declined", "withdrawn"):
        _booking(make_format, org, state)
    for status in ("requested", "requested", "approved", "rejected"):
        OrganisationMembership.objects.create(user=make_user(), organisation=org, status=status)
    local = timezone.get_default_timezone()
    make_run(code="WEEK-MON", starts=dt.datetime(2026, 11, 30, 0, 30, tzinfo=local))
    make_run(code="WEEK-SUN", starts=dt.datetime(2026, 12, 6, 23, 0, tzinfo=local))
    make_run(code="LAST-WEEK", starts=dt.datetime(2026, 11, 29, 23, 30, tzinfo=local))
    make_run(code="NEXT-WEEK", starts=dt.datetime(2026, 12, 7, 0, 0, tzinfo=local))
    make_run(
        code="WEEK-OFF", starts=dt.datetime(2026, 12, 3, 9, 0, tzinfo=local), status="cancelled"
    )
    seller = make_seller(institution)
    past, future = dt.date(2026, 11, 1), dt.date(2026, 12, 30)
    return {
        "overdue": [_invoice(seller, org, past), _invoice(seller, org, past, Decimal("400.00"))],
        "not_overdue": [
            _invoice(seller, org, past, Decimal("1000.00")),  # paid
            _invoice(seller, org, future),  # open, not yet due
            _invoice(seller, org, dt.date(2026, 12, 2)),  # due today: not overdue yet
        ],
    }


def _numbers(counts):
    return [count.number for count in counts]


@time_machine.travel(NOW, tick=False)
def test_the_four_counts(world):
    assert _numbers(team_counts()) == [4, 2, 2, 2]


@time_machine.travel(NOW, tick=False)
def test_each_link_lists_exactly_the_counted_rows(world, client, programme_team_user):
    from django.contrib.auth.models import Permission

    team = programme_team_user.groups.get()
    team.permissions.add(*Permission.objects.filter(content_type__app_label="bookings"))
    client.force_login(programme_team_user)
    expected = {
        "still_open=true": 4,
        "status=requested": 2,
        "starts_this_week=true": 2,
        "overdue=true": 2,
    }
    for count in team_counts():
        query = count.url.split("?", 1)[1]
        response = client.get(count.url)
        assert response.status_code == 200, count.url
        rows = re.findall(r"<tr[^>]*>\s*<td", response.content.decode())
        assert len(rows) == expected[query] == count.number, count.url
    page = client.get(team_counts()[2].url).content.decode()
    assert "WEEK-MON" in page and "WEEK-SUN" in page
    assert "LAST-WEEK" not in page and "NEXT-WEEK" not in page and "WEEK-OFF" not in page
    page = client.get(team_counts()[3].url).content.decode()
    assert all(i.number in page for i in world["overdue"])
    assert not any(i.number in page for i in world["not_overdue"])


@time_machine.travel(NOW, tick=False)
def test_only_the_programme_team_sees_the_panel(world, client, programme_team_user, make_user):
    from django.contrib.auth.models import Permission

    client.force_login(programme_team_user)
    home = client.get("/beheer/").content.decode()
    assert "Runs starting this week" in home or "Uitvoeringen die deze week starten" in home
    assert "?starts_this_week=true" in home and "?overdue=true" in home
    editor = make_user()
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert "?starts_this_week=true" not in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_panel_runs_the_same_number_of_queries_for_more_rows(world, make_format, make_run):
    from lms.billing.models import SellerProfile

    with CaptureQueriesContext(connection) as few:
        team_counts()
    org = _organisation("Gemeente Deventer")
    seller = SellerProfile.objects.get()
    for _ in range(5):
        _booking(make_format, org, "new")
        make_run(starts=dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC))
        _invoice(seller, org, dt.date(2026, 11, 1))
    with CaptureQueriesContext(connection) as many:
        counts = team_counts()
    assert _numbers(counts) == [9, 2, 7, 7]
    assert len(many.captured_queries) == len(few.captured_queries) == 4
