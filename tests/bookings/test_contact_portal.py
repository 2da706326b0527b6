"""Municipality contacts follow their request (issue 24, Broken 5): a link from "Mijn
leeromgeving", staff link an unlinked request to an organisation, the private run shows in the
organisation's portal, and the contact is mailed at every step (the team when a quote is
accepted)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.bookings import linking, services
from lms.bookings.exceptions import BookingError


def _subjects():
    return [m.subject for m in mail.outbox]


def test_every_step_mails_the_contact_and_acceptance_the_team_too(
    quoted,
    team,
    module,
    institution,
    make_seller,
    billing_profile,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PROGRAMME_TEAM_EMAIL = "team@gebiedsschool.example"
    capture = django_capture_on_commit_callbacks
    make_seller(institution)  # before the quote: its VAT is the invoice's (no VAT change)
    booking, quote, token = quoted()
    # Received and quote sent were mailed already (submit_booking_request, send_quote).
    assert [m.to for m in mail.outbox] == [["ria@utrecht.example"], ["ria@utrecht.example"]]
    mail.outbox.clear()
    with capture(execute=True):
        services.decide_quote(token, accept=True, name="Ria Visser", role="Teamleider")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ria@utrecht.example",
        "team@gebiedsschool.example",
    ]
    portal = reverse("portal:booking", args=[booking.pk])
    assert all(portal in m.body for m in mail.outbox)
    mail.outbox.clear()

    start = timezone.now() + dt.timedelta(days=20)
    with capture(execute=True):
        run = services.create_private_run(
            booking,
            user=team,
            module=module,
            code="UTR-01",
            capacity=12,
            sessions=[(start, start + dt.timedelta(hours=3))],
        )
    (scheduled,) = mail.outbox
    assert scheduled.to == ["ria@utrecht.example"]
    assert reverse("enrolment:invite", args=[run.invite_code]) in scheduled.body
    assert timezone.localtime(start).strftime("%d-%m-%Y %H:%M") in scheduled.body
    mail.outbox.clear()

    from lms.enrolment.models import Session

    Session.objects.filter(run=run).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-3),
    )
    services.mark_delivered(booking, user=team)
    with capture(execute=True):
        services.mark_invoiced(booking, user=team)
    to_contact = [m for m in mail.outbox if m.to == ["ria@utrecht.example"]]
    assert len(to_contact) == 1 and portal in to_contact[0].body


def test_staff_link_an_unlinked_request_and_the_contact_then_follows_it(
    client, make_booking, team, organisation, contact, make_contact
):
    from lms.accounts.models import Organisation

    booking = make_booking(organisation_name="Gemeente Utrecht (RO)", oin="")
    assert booking.organisation is None
    client.force_login(contact)
    assert client.get(reverse("portal:booking", args=[booking.pk])).status_code == 404

    with pytest.raises(BookingError):
        linking.link_organisation(booking, organisation, user=contact)
    client.force_login(team)
    response = client.post(
        reverse("bookings_manage", args=[booking.pk]),
        {"action": "link", "link-organisation": organisation.pk},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.organisation == organisation

    client.force_login(contact)
    assert client.get(reverse("portal:booking", args=[booking.pk])).status_code == 200
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert reverse("portal:bookings") in dashboard
    # A contact of another organisation still sees nothing.
    other = Organisation.objects.create(name="Gemeente Zwolle", kind="municipality")
    client.force_login(make_contact(other))
    assert client.get(reverse("portal:booking", args=[booking.pk])).status_code == 404
    assert reverse("portal:bookings") not in client.get(reverse("portal:dashboard")).text


def test_the_person_who_sent_a_request_follows_it(client, make_format, make_user):
    from tests.bookings.conftest import request_data

    person = make_user(email="ria@utrecht.example")
    booking = services.submit_booking_request(
        request_data(organisation_name="Nog onbekend", oin=""),
        format_page=make_format(),
        user=person,
    )
    client.force_login(person)
    assert client.get(reverse("portal:booking", args=[booking.pk])).status_code == 200
    assert reverse("portal:bookings") in client.get(reverse("portal:dashboard")).text


def test_the_private_run_shows_in_the_organisation_portal(
    client, quoted, team, module, contact, organisation
):
    booking, quote, token = quoted()
    services.decide_quote(token, accept=True, name="Ria Visser", role="Teamleider")
    start = timezone.now() + dt.timedelta(days=20)
    run = services.create_private_run(
        booking,
        user=team,
        module=module,
        code="UTR-02",
        capacity=12,
        sessions=[(start, start + dt.timedelta(hours=3))],
    )
    client.force_login(contact)
    page = client.get(reverse("portal:organisation", args=[organisation.pk])).content.decode()
    assert run.code in page and reverse("portal:booking", args=[booking.pk]) in page
