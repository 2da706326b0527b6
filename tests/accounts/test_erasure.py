"""Erasure on request (AVG art. 17): the person asks on their profile, the request shows on the
programme team's dashboard with its one-month deadline, and the team carries it out through the
anonymisation service; nobody else can."""

import datetime as dt

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts.erasure import one_month_after
from lms.accounts.models import ErasureRequest

pytestmark = pytest.mark.django_db

URL = "/account/verwijderen/"


@pytest.mark.parametrize(
    "day, due",
    [
        (dt.date(2026, 12, 2), dt.date(2027, 1, 2)),
        (dt.date(2027, 1, 31), dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), dt.date(2028, 2, 29)),
    ],
)
def test_deadline_is_one_calendar_month(day, due):
    assert one_month_after(day) == due


def test_person_asks_once_and_profile_links_to_it(client, user):
    client.force_login(user)
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()
    assert "art. 52 AWR" in client.get(URL).content.decode()
    client.post(URL)
    client.post(URL)
    erasure = ErasureRequest.objects.get()
    assert erasure.user == user and erasure.state == "open"
    assert ModelLogEntry.objects.filter(action="accounts.erasure.request").count() == 1


def test_dashboard_shows_open_request_to_the_team_and_team_carries_it_out(
    client, user, programme_team_user
):
    client.force_login(user)
    client.post(URL)
    erasure = ErasureRequest.objects.get()
    client.force_login(programme_team_user)
    dashboard = client.get("/beheer/").content.decode()
    assert "anneke@example.org" in dashboard
    assert reverse("accounts_carry_out_erasure", args=[erasure.pk]) in dashboard
    response = client.post(reverse("accounts_carry_out_erasure", args=[erasure.pk]))
    assert response.status_code == 302
    erasure.refresh_from_db()
    user.refresh_from_db()
    assert erasure.state == "done" and erasure.handled_by == programme_team_user
    assert user.email.endswith("@anoniem.invalid") and not user.is_active
    assert "anneke@example.org" not in client.get("/beheer/").content.decode()


def test_others_can_neither_see_nor_carry_out(client, user, make_user):
    client.force_login(user)
    client.post(URL)
    erasure = ErasureRequest.objects.get()
    other = make_user(email="ander@example.org")
    client.force_login(other)
    assert client.post(reverse("accounts_carry_out_erasure", args=[erasure.pk])).status_code in (
        302,
        403,
    )
    erasure.refresh_from_db()
    assert erasure.state == "open"


def test_carry_out_needs_post(client, user, programme_team_user):
    client.force_login(user)
    client.post(URL)
    erasure = ErasureRequest.objects.get()
    client.force_login(programme_team_user)
    assert client.get(reverse("accounts_carry_out_erasure", args=[erasure.pk])).status_code == 405
