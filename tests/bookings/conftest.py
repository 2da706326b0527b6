"""Fixtures for bookings: format pages, an organisation with an approved contact, coaches,
and a booking request made through the service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone

from lms.accounts.models import COACHES_GROUP, Organisation, OrganisationMembership
from lms.bookings import services


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def format_index(home_page):
    from courses.models import TrainingFormatIndexPage

    page = TrainingFormatIndexPage(title="Maatwerk", slug="maatwerk")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_format(format_index):
    from courses.models import TrainingFormatPage

    def make(kind="tailored_training", title=None):
        page = TrainingFormatPage(
            title=title or kind.replace("_", " ").title(), slug=kind.replace("_", "-"), kind=kind
        )
        format_index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def team(programme_team_user):
    group = Group.objects.get(name="Programmateam")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="bookings"))
    return programme_team_user


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Gemeente Utrecht", kind="municipality", oin="1" * 20)


@pytest.fixture
def make_contact(make_user):
    def make(org, **kw):
        person = make_user(**kw)
        OrganisationMembership.objects.create(
            user=person,
            organisation=org,
            role=OrganisationMembership.Role.CONTACT,
            status=OrganisationMembership.Status.APPROVED,
        )
        return person

    return make


@pytest.fixture
def contact(make_contact, organisation):
    return make_contact(organisation, email="contact@utrecht.example")


@pytest.fixture
def make_coach(make_user):
    def make(**kw):
        person = make_user(**kw)
        group, _ = Group.objects.get_or_create(name=COACHES_GROUP)
        person.groups.add(group)
        return person

    return make


def request_data(**overrides):
    today = timezone.localdate()
    data = {
        "organisation_name": "Gemeente Utrecht",
        "organisation_kind": "municipality",
        "kvk_number": "",
        "oin": "1" * 20,
        "contact_name": "Ria Visser",
        "contact_email": "ria@utrecht.example",
        "contact_phone": "",
        "audience_levels": ["civil_servants", "administrators"],
        "expected_participants": 12,
        "preferred_start": today + dt.timedelta(days=30),
        "preferred_end": today + dt.timedelta(days=90),
        "place": "own_premises",
        "place_detail": "",
        "question": "Versnellen van de binnenstedelijke transformatie.",
        "budget_indication": Decimal("15000.00"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_booking(make_format, organisation, django_capture_on_commit_callbacks):
    def make(kind="tailored_training", **overrides):
        from courses.models import TrainingFormatPage

        page = TrainingFormatPage.objects.filter(kind=kind).first() or make_format(kind)
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit_booking_request(request_data(**overrides), format_page=page)

    return make


TRAINING_LINES = [
    {
        "kind": "trainer_days",
        "quantity": Decimal("2"),
        "unit_price": Decimal("1250.00"),
    },
    {
        "kind": "preparation",
        "quantity": Decimal("1.5"),
        "unit_price": Decimal("95.55"),
    },
    {"kind": "travel", "quantity": Decimal("3"), "unit_price": Decimal("33.33")},
]


@pytest.fixture
def quoted(make_booking, team, institution, django_capture_on_commit_callbacks):
    """A booking in state ``quoted`` with one sent quote; returns (booking, quote, token)."""

    def make(kind="tailored_training", valid_days=30, lines=None, planned=None):
        booking = make_booking(kind)
        services.start_intake(booking, user=team)
        services.assign(booking, user=team, institution=institution, responsible=team)
        quote = services.create_quote(
            booking,
            user=team,
            valid_until=timezone.localdate() + dt.timedelta(days=valid_days),
            lines=TRAINING_LINES if lines is None else lines,
            planned_delivery_date=planned,
        )
        with django_capture_on_commit_callbacks(execute=True):
            token = services.send_quote(quote, user=team)
        booking.refresh_from_db()
        quote.refresh_from_db()
        return booking, quote, token

    return make


@pytest.fixture
def training_lines():
    return [dict(line) for line in TRAINING_LINES]


@pytest.fixture
def booking_form_data():
    """The public form's POST data for a valid request, as a function of overrides."""

    def make(**overrides):
        data = request_data(**overrides)
        post = {k: ("" if v is None else v) for k, v in data.items()}
        post["preferred_start"] = data["preferred_start"].isoformat()
        post["preferred_end"] = data["preferred_end"].isoformat()
        post["budget_indication"] = str(data["budget_indication"] or "")
        return post

    return make


@pytest.fixture
def billing_profile(organisation):
    """The booking organisation's billing data (buyer on the invoice)."""
    from lms.billing.models import BillingProfile

    return BillingProfile.objects.create(
        organisation=organisation,
        street="Stadsplateau 1",
        postcode="3521 AZ",
        city="Utrecht",
        invoice_email="facturen@utrecht.example",
    )
