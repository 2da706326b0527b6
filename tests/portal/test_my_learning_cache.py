"""Issue 17: "Mijn leeromgeving" renders its body from the cache on a repeat visit (a constant,
small number of queries however many enrolments and modules there are), and every change to
what it shows is on the page at the next visit."""

import datetime as dt
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Organisation, OrganisationMembership
from lms.enrolment import services
from lms.enrolment.models import CalendarFeed, Enrolment

URL = reverse("portal:dashboard")


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<!--csrf-->" not in body
    return body


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client)
    return len(captured)


def cancel_url(enrolment) -> str:
    return reverse("portal:cancel", args=[enrolment.pk])


def test_a_repeat_visit_costs_the_same_few_queries_with_ten_times_the_catalogue(
    client, user, make_run, make_module
):
    def enrol_in_new_modules(n):
        for _ in range(n):
            enrol_in_new_modules.count += 1
            module = make_module(f"Module {enrol_in_new_modules.count}")
            services.enrol(user, make_run(for_module=module, capacity=30))
            make_run(for_module=module)  # the catalogue grows too

    enrol_in_new_modules.count = 0
    client.force_login(user)
    enrol_in_new_modules(2)
    first = queries(client)
    few = queries(client)
    assert few < first
    enrol_in_new_modules(18)
    assert queries(client) > few  # the enrolments changed: computed afresh
    assert queries(client) == few
    body = page(client)
    assert all(cancel_url(e) in body for e in Enrolment.objects.filter(user=user))


def test_enrolment_status_shows_at_once(client, user, run):
    enrolment = services.enrol(user, run)
    client.force_login(user)
    assert cancel_url(enrolment) in page(client)
    services.cancel_enrolment(enrolment, user=user)
    body = page(client)
    assert cancel_url(enrolment) not in body
    assert "past-heading" in body and run.code in body


def test_run_title_and_place_show_at_once(client, user, run):
    services.enrol(user, run)
    client.force_login(user)
    page(client)
    run.title = "Een nieuwe titel voor de run"
    run.place = "Zwolle"
    run.save()
    body = page(client)
    assert "Een nieuwe titel voor de run" in body and "Zwolle" in body


def test_session_dates_show_at_once(client, user, run):
    services.enrol(user, run)
    client.force_login(user)
    page(client)
    first = run.sessions.order_by("starts_at").first()
    first.starts_at = first.starts_at.replace(hour=6, minute=47)  # 07:47 or 08:47 local
    first.save()
    assert re.search(r"0[78]:47", page(client))


def test_module_title_shows_once_published(client, user, run):
    services.enrol(user, run)
    client.force_login(user)
    page(client)
    module = run.module.specific
    module.title = "Gebiedsontwikkeling hernoemd"
    module.save_revision().publish()
    assert "Gebiedsontwikkeling hernoemd" in page(client)


def test_waiting_position_and_offer_show_at_once(client, user, make_user, make_run):
    run = make_run(capacity=1)
    first = services.enrol(make_user(), run)
    services.enrol(make_user(), run)  # waitlisted ahead of the user
    mine = services.enrol(user, run)
    assert mine.state == Enrolment.State.WAITLISTED
    client.force_login(user)
    assert "nummer 2" in page(client)
    ahead = run.enrolments.filter(state=Enrolment.State.WAITLISTED).exclude(user=user).get()
    services.cancel_enrolment(ahead, user=ahead.user)
    assert "nummer 1" in page(client)
    services.cancel_enrolment(first, user=first.user)  # the seat is offered to the user
    offer = mine.offers.get()
    assert reverse("enrolment:offer", args=[offer.token]) in page(client)


def test_certificate_shows_once_issued(client, user, run, programme_team_user, time_machine):
    enrolment = services.enrol(user, run)
    time_machine.move_to(run.sessions.order_by("-ends_at").first().ends_at + dt.timedelta(hours=1))
    client.force_login(user)
    page(client)
    for session in run.sessions.all():
        services.record_attendance(enrolment, session, True, user=programme_team_user)
    services.complete_enrolment(enrolment, user=programme_team_user)
    certificate = enrolment.certificate
    assert certificate.get_verify_path() in page(client)
    certificate.module_title = "Titel op het certificaat"
    certificate.save()
    assert "Titel op het certificaat" in page(client)


def test_cancel_link_goes_when_the_first_session_starts(client, user, make_run, time_machine):
    run = make_run(starts=timezone.now() + dt.timedelta(hours=2))
    enrolment = services.enrol(user, run)
    client.force_login(user)
    assert cancel_url(enrolment) in page(client)
    first = run.sessions.order_by("starts_at").first()
    time_machine.move_to(first.starts_at + dt.timedelta(minutes=1))
    assert cancel_url(enrolment) not in page(client)


def test_organisation_and_calendar_link_show_at_once(client, user):
    client.force_login(user)
    page(client)
    org = Organisation.objects.create(name="Gemeente Amersfoort")
    membership = OrganisationMembership.objects.create(
        user=user, organisation=org, role="contact", status="approved"
    )
    assert "Gemeente Amersfoort" in page(client)
    org.name = "Gemeente Amersfoort-Vathorst"
    org.save()
    assert "Gemeente Amersfoort-Vathorst" in page(client)
    membership.delete()
    assert "Gemeente Amersfoort" not in page(client)
    old = CalendarFeed.objects.get(user=user).token
    client.post(reverse("enrolment:renew_calendar_feed"))
    body = page(client)
    assert old not in body and CalendarFeed.objects.get(user=user).token in body


def test_the_cached_page_carries_the_visitors_own_csrf_token(user):
    """Forms in the cached body get each visit's own token: a second browser of the same
    person, with its own CSRF cookie, can post the form it was served."""
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        body = page(browser)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        response = browser.post(
            reverse("enrolment:renew_calendar_feed"), {"csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302


def test_one_persons_page_is_never_served_to_another(client, user, other_user, make_run):
    mine, theirs = make_run(code="MIJN-RUN"), make_run(code="HUN-RUN")
    services.enrol(user, mine)
    services.enrol(other_user, theirs)
    client.force_login(user)
    page(client)
    body = page(client)  # from the cache
    assert "MIJN-RUN" in body and "HUN-RUN" not in body
    client.force_login(other_user)
    body = page(client)
    assert "HUN-RUN" in body and "MIJN-RUN" not in body
    assert CalendarFeed.objects.get(user=other_user).token in body
    assert CalendarFeed.objects.get(user=user).token not in body


def test_offer_expiry_alone_removes_the_offer(client, user, make_user, make_run, time_machine):
    run = make_run(capacity=1)
    first = services.enrol(make_user(), run)
    mine = services.enrol(user, run)
    services.cancel_enrolment(first, user=first.user)
    offer = mine.offers.get()
    client.force_login(user)
    assert reverse("enrolment:offer", args=[offer.token]) in page(client)
    time_machine.move_to(offer.expires_at + dt.timedelta(minutes=1))
    assert reverse("enrolment:offer", args=[offer.token]) not in page(client)


def test_an_enrolment_handed_to_someone_else_leaves_the_first_persons_page_at_once(
    client, user, other_user, make_run
):
    """A substitution done in the admin (the enrolment's person changed): the first holder's
    cached page loses it at the next visit, the new holder's shows it."""
    run = make_run(code="OVERDRACHT")
    enrolment = services.enrol(user, run)
    client.force_login(user)
    page(client)
    assert "OVERDRACHT" in page(client)  # from the cache
    client.force_login(other_user)
    assert "OVERDRACHT" not in page(client)
    enrolment.user = other_user
    enrolment.save()
    assert "OVERDRACHT" in page(client)
    client.force_login(user)
    assert "OVERDRACHT" not in page(client)
