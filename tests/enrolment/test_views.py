"""Enrolling and cancelling as a person does it: through the module page and the portal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.enrolment import services
from lms.enrolment.models import Enrolment


@pytest.fixture
def run(make_run):
    """A free run: paid runs go through billing's checkout (tests/billing/test_checkout.py)."""
    return make_run(price=Decimal("0.00"))


def test_module_page_shows_facts_and_runs(client, module, make_run, make_user):
    run = make_run(capacity=3, place="Faculteit Bouwkunde")
    services.enrol(make_user(), run)
    body = client.get(module.url).content.decode()
    for text in ("Gebiedstransformatie", "TU Delft", "Faculteit Bouwkunde", "495,00", "RUN-001"):
        assert text in body
    assert client.get(module.url).context["runs"][0].seats_left == 2


def test_enrol_through_the_site(client, user, run):
    client.force_login(user)
    page = client.get(reverse("enrolment:enrol", args=[run.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    response = client.post(reverse("enrolment:enrol", args=[run.pk]), follow=True)
    assert Enrolment.objects.get(user=user, run=run).state == "confirmed"
    body = response.content.decode()
    assert run.module.title in body
    assert response.redirect_chain[-1][0] == reverse("portal:dashboard")


def test_double_post_gives_one_enrolment_and_a_message(client, user, run):
    client.force_login(user)
    url = reverse("enrolment:enrol", args=[run.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert Enrolment.objects.filter(user=user, run=run).count() == 1
    assert "already enrolled" in response.content.decode().lower() or "al ingeschreven" in (
        response.content.decode().lower()
    )


def test_anonymous_must_log_in(client, run):
    response = client.post(reverse("enrolment:enrol", args=[run.pk]))
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_full_run_offers_the_waiting_list(client, user, make_user, make_run):
    run = make_run(capacity=1, price=Decimal("0.00"))
    services.enrol(make_user(), run)
    client.force_login(user)
    page = client.get(reverse("enrolment:enrol", args=[run.pk]))
    assert page.context["problem"] is None
    assert page.context["waiting_list"] is True
    client.post(reverse("enrolment:enrol", args=[run.pk]))
    assert Enrolment.objects.get(user=user).state == Enrolment.State.WAITLISTED


def test_private_and_draft_runs_are_404(client, user, make_run):
    client.force_login(user)
    for run in (make_run(is_private=True), make_run(status="draft")):
        assert client.get(reverse("enrolment:enrol", args=[run.pk])).status_code == 404


def test_cancel_from_the_portal(client, user, run):
    enrolment = services.enrol(user, run)
    client.force_login(user)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    confirm_page = reverse("portal:cancel", args=[enrolment.pk])
    assert confirm_page in dashboard
    # One click no longer cancels: it leads to the confirmation page.
    response = client.post(reverse("enrolment:cancel", args=[enrolment.pk]))
    assert response.status_code == 302 and response["Location"] == confirm_page
    enrolment.refresh_from_db()
    assert enrolment.state == "confirmed"
    page = client.get(confirm_page).content.decode()
    assert "annuleren kost niets" in page
    client.post(reverse("enrolment:cancel", args=[enrolment.pk]), {"confirm": "1"})
    enrolment.refresh_from_db()
    assert enrolment.state == "cancelled"


def test_another_user_cannot_cancel(client, user, other_user, run):
    enrolment = services.enrol(user, run)
    client.force_login(other_user)
    response = client.post(reverse("enrolment:cancel", args=[enrolment.pk]))
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.state == "confirmed"


def test_cancel_needs_post(client, user, run):
    enrolment = services.enrol(user, run)
    client.force_login(user)
    assert client.get(reverse("enrolment:cancel", args=[enrolment.pk])).status_code == 405


def test_portal_lists_only_own_enrolments(client, user, other_user, make_run, time_machine):
    mine = services.enrol(user, make_run(code="MINE"))
    services.enrol(other_user, make_run(code="THEIRS"))
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    body = response.content.decode()
    assert "MINE" in body and "THEIRS" not in body
    assert "no-store" in response["Cache-Control"]
    time_machine.move_to(timezone.now() + dt.timedelta(days=60))
    client.force_login(user)
    later = client.get(reverse("portal:dashboard"))
    assert [e.pk for e in later.context["past"]] == [mine.pk]


def test_portal_query_count_is_constant(client, user, make_run, make_module):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.portal import panels

    services.enrol(user, make_run(for_module=make_module("Module start")))
    client.force_login(user)
    client.get(reverse("portal:dashboard"))
    panels.bump([user.pk])  # both visits compute the cached side panels afresh
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal:dashboard"))
    for i in range(12):
        services.enrol(user, make_run(for_module=make_module(f"Module {i}")))
    panels.bump([user.pk])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("portal:dashboard"))
    assert len(many) == len(few) <= 20  # enrolments, sessions, offers, invoices, feed, to-dos
    assert len(response.context["current"]) == 13
