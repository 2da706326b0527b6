"""From the public form to a closed engagement, and to a private run, through the same
entry points people use: the page's form, the admin manage page, the decision link and
the coach's portal page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.billing.models import Invoice
from lms.bookings.models import BookingRequest, Engagement, Quote
from lms.bookings.quote_vat import quote_totals
from lms.certificates.models import Certificate
from lms.enrolment.models import Enrolment

EN = {"gs_language": "en"}


def submit(client, page, data, capture):
    client.cookies.load(EN)
    with capture(execute=True):
        assert client.post(page.url, data).status_code == 302
    return BookingRequest.objects.latest("pk")


def manage(client, team, booking, capture, **data):
    client.force_login(team)
    with capture(execute=True):
        response = client.post(reverse("bookings_manage", args=[booking.pk]), data)
    assert response.status_code in (200, 302), response.content[:500]
    booking.refresh_from_db()
    return response


def test_request_to_closed_engagement_with_logged_hours(
    client,
    make_format,
    booking_form_data,
    team,
    institution,
    make_coach,
    training_lines,
    organisation,
    make_project,
    make_user,
    make_seller,
    billing_profile,
    django_capture_on_commit_callbacks,
):
    capture = django_capture_on_commit_callbacks
    make_seller(institution)
    project = make_project("Merwedekanaalzone")
    alice = make_user(email="a.jansen@utrecht.example", first_name="Anne", last_name="Jansen")
    bert = make_user(email="b.smit@utrecht.example", first_name="Bert", last_name="Smit")
    page = make_format("on_the_job", title="Training on the job")
    booking = submit(client, page, booking_form_data(), capture)
    assert booking.state == "new" and booking.organisation is not None

    manage(client, team, booking, capture, action="intake")
    manage(
        client,
        team,
        booking,
        capture,
        action="assign",
        **{
            "assign-institution": institution.pk,
            "assign-responsible": team.pk,
            "assign-internal_notes": "Intake gehouden",
        },
    )
    assert (booking.state, booking.institution_id) == ("intake", institution.pk)

    # The team drafts the quote in the admin; here through the service the admin form uses.
    from lms.bookings import services

    quote = services.create_quote(
        booking,
        user=team,
        lines=training_lines,
        valid_until=timezone.localdate() + dt.timedelta(days=14),
    )
    manage(client, team, booking, capture, action="send_quote", quote=quote.pk)
    assert booking.state == "quoted"
    link = re.search(r"http://testserver(/mijn/offerte/[^/\s]+/)", mail.outbox[-1].body).group(1)

    client.logout()
    response = client.post(link, {"name": "R. Visser", "role": "Wethouder", "decision": "accept"})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.state == "accepted"
    assert booking.quotes.get().state == Quote.State.ACCEPTED

    coach = make_coach(email="coach@example.org")
    today = timezone.localdate()
    manage(
        client,
        team,
        booking,
        capture,
        action="engagement",
        **{
            "engagement-coaches": [coach.pk],
            "engagement-goals": "Transformatie versnellen",
            "engagement-planned_hours": "12",
            "engagement-starts_on": today.isoformat(),
            "engagement-ends_on": (today + dt.timedelta(days=60)).isoformat(),
            "engagement-project_name": "",
            "engagement-pilot_project": project.pk,
            "engagement-participants": "a.jansen@utrecht.example\nB.Smit@utrecht.example",
        },
    )
    assert booking.state == "scheduled"
    engagement = Engagement.objects.get(booking=booking)
    assert engagement.pilot_project_id == project.pk
    assert set(engagement.participants.all()) == {alice, bert}

    client.force_login(coach)
    url = reverse("portal:engagement", args=[engagement.pk])
    for hours in ("4", "6"):
        assert (
            client.post(
                url,
                {
                    "action": "log",
                    "log-date": today.isoformat(),
                    "log-duration_hours": hours,
                    "log-topics": "Proces",
                    "log-participants": "A. Jansen",
                },
            ).status_code
            == 302
        )
    page_after = client.get(url)
    assert page_after.context["usage"].used == Decimal("10.00")
    assert page_after.context["usage"].warning == "80"
    assert (
        client.post(url, {"action": "close", "close-evaluation": "Doelen gehaald"}).status_code
        == 302
    )
    engagement.refresh_from_db()
    assert engagement.state == "closed" and engagement.evaluation == "Doelen gehaald"
    # Training on the job grants the named participants a certificate of participation.
    certificates = Certificate.objects.order_by("holder_name")
    assert [(c.user, c.holder_name) for c in certificates] == [
        (alice, "Anne Jansen"),
        (bert, "Bert Smit"),
    ]
    assert {c.module_title for c in certificates} == {"Training on the job: Merwedekanaalzone"}
    assert {c.organisation for c in certificates} == {organisation}

    manage(client, team, booking, capture, action="deliver")
    assert booking.state == "delivered"
    manage(client, team, booking, capture, action="invoice")
    assert booking.state == "invoiced"
    invoice = Invoice.objects.get(organisation=organisation)
    assert invoice.total == quote_totals(quote).gross


@pytest.mark.parametrize(
    ("crkbo", "gross"), [(True, Decimal("2743.32")), (False, Decimal("3319.42"))]
)
def test_request_to_private_run_with_two_participants_then_invoiced(
    crkbo,
    gross,
    client,
    make_format,
    booking_form_data,
    team,
    institution,
    module,
    training_lines,
    contact,
    make_user,
    make_seller,
    billing_profile,
    django_capture_on_commit_callbacks,
):
    """Quote → accept → deliver → invoice equals the quote, with and without the seller's
    CRKBO registration (issue 13 item 1: the quote used to show 0 % where the invoice
    charged 21 %)."""
    capture = django_capture_on_commit_callbacks
    make_seller(institution, crkbo=crkbo)
    page = make_format("tailored_training", title="Training op maat")
    booking = submit(client, page, booking_form_data(expected_participants=2), capture)
    manage(client, team, booking, capture, action="intake")
    manage(
        client, team, booking, capture, action="assign", **{"assign-institution": institution.pk}
    )
    from lms.bookings import services

    quote = services.create_quote(
        booking,
        user=team,
        lines=training_lines,
        valid_until=timezone.localdate() + dt.timedelta(days=14),
    )
    with capture(execute=True):
        token = services.send_quote(quote, user=team)
    services.decide_quote(token, accept=True, name="R", role="Directeur")
    start = timezone.localtime() + dt.timedelta(days=20)
    manage(
        client,
        team,
        booking,
        capture,
        action="run",
        **{
            "run-module": module.pk,
            "run-code": "UTR-MAAT-01",
            "run-capacity": "2",
            "run-place": "Stadskantoor",
            "run-first_session": start.strftime("%Y-%m-%d %H:%M"),
            "run-hours_per_session": "3",
            "run-session_count": "2",
        },
    )
    booking.refresh_from_db()
    assert booking.state == "scheduled"
    run = booking.run
    assert run.is_private and run.capacity == 2 and run.sessions.count() == 2

    # The organisation's contact finds the invite link in the portal and passes it on.
    client.force_login(contact)
    portal = client.get(reverse("portal:booking", args=[booking.pk]))
    assert portal.status_code == 200
    invite = re.search(r'class="invite-link" href="http://testserver([^"]+)"', portal.text)
    assert invite.group(1) == reverse("enrolment:invite", args=[run.invite_code])

    participants = [
        make_user(email="p.de.vries@utrecht.example"),
        make_user(email="k.bos@utrecht.example"),
    ]
    for person in participants:
        client.force_login(person)
        with capture(execute=True):
            assert client.post(invite.group(1)).status_code == 302
    enrolled = run.enrolments.filter(state=Enrolment.State.CONFIRMED)
    assert {e.user for e in enrolled} == set(participants)
    # A wrong code shows nothing.
    assert client.get(reverse("enrolment:invite", args=["wrong"])).status_code == 404

    client.force_login(contact)
    listed = client.get(reverse("portal:booking", args=[booking.pk]))
    assert {e.user for e in listed.context["participants"]} == set(participants)

    last_end = run.sessions.order_by("-ends_at").first().ends_at
    services.mark_delivered(booking, user=team, now=last_end + dt.timedelta(minutes=1))
    manage(client, team, booking, capture, action="invoice")
    assert booking.state == "invoiced"
    invoice = Invoice.objects.get()
    assert invoice.organisation == booking.organisation
    totals = quote_totals(quote)
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        totals.net,
        totals.vat,
        totals.gross,
    )
    assert invoice.total == gross
    assert [line.net_amount for line in invoice.lines.all()] == [
        line.net_amount for line in quote.lines.all()
    ]
    # The participants' own places were free: nobody but the organisation was invoiced.
    assert not Invoice.objects.filter(organisation__isnull=True).exists()
