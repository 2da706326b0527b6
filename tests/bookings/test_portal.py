"""Portals: organisation contacts see their organisation's bookings, coaches only their own
engagements, the programme team all; everyone else is refused. Plus the decision page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Organisation
from lms.bookings import services
from lms.bookings.models import Quote

EN = {"gs_language": "en"}


@pytest.fixture
def setup(quoted, team, make_coach, make_contact):
    booking, quote, token = quoted("advice")
    services.decide_quote(token, accept=True, name="R", role="W")
    coach = make_coach(email="coach@example.org")
    today = timezone.localdate()
    engagement = services.start_engagement(
        booking,
        user=team,
        coaches=[coach],
        goals="Doelen",
        planned_hours=Decimal("10"),
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=5),
    )
    services.log_session(
        engagement,
        coach=coach,
        date=today,
        duration_hours=Decimal("8.5"),
        topics="Financiering",
        confidential_notes="GEHEIM-123",
    )
    elsewhere = Organisation.objects.create(name="Gemeente Zwolle", oin="2" * 20)
    return {
        "booking": booking,
        "quote": quote,
        "engagement": engagement,
        "coach": coach,
        "other_contact": make_contact(elsewhere, email="c@zwolle.example"),
        "other_coach": make_coach(email="coach2@example.org"),
    }


def get(client, user, url):
    client.cookies.load(EN)
    client.force_login(user)
    return client.get(url)


def test_contact_sees_own_organisation_and_hours_but_not_notes(client, contact, setup):
    response = get(client, contact, reverse("portal:bookings"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert [b.pk for b in response.context["bookings"]] == [setup["booking"].pk]
    (engagement,) = response.context["engagements"]
    assert (engagement.usage.used, engagement.usage.warning) == (Decimal("8.50"), "80")
    detail = get(client, contact, reverse("portal:engagement", args=[setup["engagement"].pk]))
    assert detail.status_code == 200
    assert b"GEHEIM-123" not in detail.content
    pdf = get(client, contact, reverse("portal:quote_pdf", args=[setup["quote"].pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_other_organisation_contact_is_refused(client, setup):
    user = setup["other_contact"]
    response = get(client, user, reverse("portal:bookings"))
    assert list(response.context["bookings"]) == [] and response.context["engagements"] == []
    for url in (
        reverse("portal:booking", args=[setup["booking"].pk]),
        reverse("portal:quote_pdf", args=[setup["quote"].pk]),
        reverse("portal:engagement", args=[setup["engagement"].pk]),
    ):
        assert get(client, user, url).status_code == 404


def test_coach_sees_only_own_engagement_with_notes(client, setup):
    response = get(client, setup["coach"], reverse("portal:engagements"))
    assert [e.pk for e in response.context["engagements"]] == [setup["engagement"].pk]
    detail = get(
        client, setup["coach"], reverse("portal:engagement", args=[setup["engagement"].pk])
    )
    assert b"GEHEIM-123" in detail.content
    assert (
        get(
            client, setup["coach"], reverse("portal:booking", args=[setup["booking"].pk])
        ).status_code
        == 404
    )


def test_other_coach_cannot_open_or_log(client, setup):
    url = reverse("portal:engagement", args=[setup["engagement"].pk])
    assert get(client, setup["other_coach"], url).status_code == 404
    response = client.post(
        url,
        {
            "action": "log",
            "log-date": timezone.localdate().isoformat(),
            "log-duration_hours": "1",
            "log-topics": "x",
        },
    )
    assert response.status_code == 404
    assert setup["engagement"].sessions.count() == 1
    assert (
        get(client, setup["other_coach"], reverse("portal:engagements")).context["engagements"]
        == []
    )


def test_team_sees_all_with_notes(client, team, setup):
    response = get(client, team, reverse("portal:bookings"))
    assert [b.pk for b in response.context["bookings"]] == [setup["booking"].pk]
    detail = get(client, team, reverse("portal:engagement", args=[setup["engagement"].pk]))
    assert b"GEHEIM-123" in detail.content


def test_anonymous_redirected_to_login(client, setup):
    response = client.get(reverse("portal:bookings"))
    assert response.status_code == 302 and "/account/" in response["Location"]


def test_coach_logs_hours_through_the_page_and_closed_refuses(client, setup):
    coach, engagement = setup["coach"], setup["engagement"]
    coach.language = "en"
    coach.save()
    url = reverse("portal:engagement", args=[engagement.pk])
    client.cookies.load(EN)
    client.force_login(coach)
    data = {
        "action": "log",
        "log-date": timezone.localdate().isoformat(),
        "log-duration_hours": "1.5",
        "log-topics": "Proces",
    }
    assert client.post(url, data).status_code == 302
    assert engagement.sessions.count() == 2
    assert client.post(url, {"action": "close", "close-evaluation": "Klaar"}).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 400
    assert "closed; no more hours" in response.content.decode()
    assert engagement.sessions.count() == 2


def test_decision_page_accepts_once(client, quoted):
    booking, quote, token = quoted()
    client.cookies.load(EN)
    url = reverse("portal:quote_decide", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    assert page.context["totals"].gross == Decimal("3319.42")  # no seller: 21 % on all
    data = {"name": "R. Visser", "role": "Wethouder", "decision": "accept"}
    assert client.post(url, data).status_code == 200
    quote.refresh_from_db()
    assert quote.state == Quote.State.ACCEPTED
    again = client.post(url, {**data, "decision": "decline"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    quote.refresh_from_db()
    assert quote.state == Quote.State.ACCEPTED


def test_decision_page_missing_fields_changes_nothing(client, quoted):
    _booking, quote, token = quoted()
    client.cookies.load(EN)
    response = client.post(reverse("portal:quote_decide", args=[token]), {"decision": "accept"})
    assert response.status_code == 400
    quote.refresh_from_db()
    assert quote.state == Quote.State.SENT


def test_overview_queries_do_not_grow_with_bookings(
    client, quoted, contact, django_assert_max_num_queries
):
    quoted()
    client.force_login(contact)
    client.cookies.load(EN)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("portal:bookings"))
    for _ in range(3):
        quoted()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("portal:bookings"))
    assert len(response.context["bookings"]) == 4


def _manager_of(institution, make_user):
    from courses.institutions import ensure_institution_groups

    _, managers = ensure_institution_groups(institution)
    manager = make_user(email=f"beheer@{institution.code.lower()}.example")
    manager.groups.add(managers)
    return manager


def test_institution_manager_sees_bookings_assigned_to_their_institution(
    client, setup, institution, make_user
):
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession

    manager = _manager_of(institution, make_user)
    assert list(BookingRequest.objects.for_user(manager)) == [setup["booking"]]
    assert list(Quote.objects.for_user(manager)) == [setup["quote"]]
    assert list(Engagement.objects.for_user(manager)) == [setup["engagement"]]
    assert EngagementSession.objects.for_user(manager).count() == 1
    response = get(client, manager, reverse("portal:bookings"))
    assert [b.pk for b in response.context["bookings"]] == [setup["booking"].pk]
    detail = get(client, manager, reverse("portal:engagement", args=[setup["engagement"].pk]))
    assert detail.status_code == 200
    assert detail["Cache-Control"] == "private, no-store"
    # Confidential notes stay with the coaches and the programme team.
    assert b"GEHEIM-123" not in detail.content
    assert (
        get(client, manager, reverse("portal:quote_pdf", args=[setup["quote"].pk])).status_code
        == 200
    )


def test_manager_of_another_institution_is_refused(client, setup, make_institution, make_user):
    from lms.bookings.models import BookingRequest, Engagement

    manager = _manager_of(make_institution(title="MCD", code="MCD"), make_user)
    assert not BookingRequest.objects.for_user(manager).exists()
    assert not Quote.objects.for_user(manager).exists()
    assert not Engagement.objects.for_user(manager).exists()
    for url in (
        reverse("portal:booking", args=[setup["booking"].pk]),
        reverse("portal:quote_pdf", args=[setup["quote"].pk]),
        reverse("portal:engagement", args=[setup["engagement"].pk]),
    ):
        assert get(client, manager, url).status_code == 404
