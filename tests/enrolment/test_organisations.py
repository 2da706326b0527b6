"""Organisation batches, invitations to claim, substitution and transfer; other organisations
and other people are refused."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Organisation, OrganisationDomain, OrganisationMembership, User
from lms.enrolment import batches, seats, services, signals
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import Enrolment

# Batches of paid runs are invoiced by billing (tests/billing); here the places themselves.
FREE = Decimal("0.00")


@pytest.fixture
def org():
    organisation = Organisation.objects.create(name="Gemeente Utrecht")
    OrganisationDomain.objects.create(organisation=organisation, domain="utrecht.nl")
    return organisation


@pytest.fixture
def contact(make_user, org):
    person = make_user(email="contact@utrecht.nl")
    OrganisationMembership.objects.create(
        user=person, organisation=org, role="contact", status="approved"
    )
    return person


def test_batch_confirms_verified_and_invites_the_rest(
    make_run, make_user, org, contact, django_capture_on_commit_callbacks
):
    run = make_run(price=FREE, capacity=5)
    known = make_user(email="a@utrecht.nl")
    received = []
    signals.enrolment_batch_created.connect(
        lambda sender, enrolments, **kw: received.append(enrolments), weak=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = batches.enrol_batch(contact, org, run, ["a@utrecht.nl", "new@utrecht.nl"])
    assert [e.state for e in created] == [Enrolment.State.CONFIRMED, Enrolment.State.PENDING]
    assert all(e.payer == Enrolment.Payer.ORGANISATION and e.organisation == org for e in created)
    assert received == [created]
    assert created[0].user == known
    assert created[1].hold_until - created[1].created_at == dt.timedelta(days=7)
    assert seats.seats_taken(run) == 2
    invitation = next(m for m in mail.outbox if m.to == ["new@utrecht.nl"])
    assert "Gemeente Utrecht" in invitation.body


def test_invited_colleague_claims_the_place(
    client, make_run, org, contact, django_capture_on_commit_callbacks
):
    run = make_run(price=FREE)
    with django_capture_on_commit_callbacks(execute=True):
        (enrolment,) = batches.enrol_batch(contact, org, run, ["new@utrecht.nl"])
    body = next(m for m in mail.outbox if m.to == ["new@utrecht.nl"]).body
    path = re.search(r"http://testserver(/inschrijven/plaats/\S+/)", body).group(1)
    forged = client.get(path.replace("plaats/", "plaats/x"))
    assert forged.status_code == 404
    response = client.post(
        path, {"first_name": "Nieuw", "last_name": "Collega", "password": "Lang-genoeg-123!"}
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CONFIRMED
    assert User.objects.get(email="new@utrecht.nl").is_verified
    # The claim logs the colleague in, and the session holds on the next request.
    assert client.get(response.headers["Location"]).status_code == 200


def test_unclaimed_place_lapses(make_run, org, contact, time_machine):
    from lms.enrolment import jobs

    run = make_run(price=FREE)
    (enrolment,) = batches.enrol_batch(contact, org, run, ["new@utrecht.nl"])
    time_machine.move_to(timezone.now() + dt.timedelta(days=8))
    assert seats.seats_taken(run) == 0
    jobs.tidy_waiting_lists()
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CANCELLED


def test_batch_larger_than_free_seats_changes_nothing(make_run, org, contact):
    run = make_run(price=FREE, capacity=1)
    with pytest.raises(EnrolmentError, match="Only 1 seats are free"):
        batches.enrol_batch(contact, org, run, ["a@utrecht.nl", "b@utrecht.nl"])
    assert not Enrolment.objects.exists()
    assert not User.objects.filter(email__endswith="utrecht.nl").exclude(pk=contact.pk).exists()


def test_non_contact_and_other_organisation_are_refused(make_run, make_user, org, contact):
    run = make_run(price=FREE)
    other_org = Organisation.objects.create(name="Gemeente Zwolle")
    with pytest.raises(EnrolmentError, match="approved contact"):
        batches.enrol_batch(contact, other_org, run, ["a@zwolle.nl"])
    with pytest.raises(EnrolmentError, match="approved contact"):
        batches.enrol_batch(make_user(), org, run, ["a@utrecht.nl"])


def test_bad_addresses_get_a_clear_message():
    with pytest.raises(EnrolmentError, match="not-an-address is not an e-mail address"):
        batches.parse_emails("a@utrecht.nl, not-an-address")
    assert batches.parse_emails("A@Utrecht.nl; b@utrecht.nl\na@utrecht.nl") == [
        "a@utrecht.nl",
        "b@utrecht.nl",
    ]


def test_portal_shows_own_organisation_only(client, make_run, make_user, org, contact):
    run = make_run(price=FREE)
    batches.enrol_batch(contact, org, run, ["a@utrecht.nl"])
    outsider = make_user()
    services.enrol(outsider, run)
    client.force_login(contact)
    page = client.get(reverse("portal:organisation", args=[org.pk]))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert [e.user.email for e in page.context["enrolments"]] == ["a@utrecht.nl"]
    other_org = Organisation.objects.create(name="Gemeente Zwolle")
    assert client.get(reverse("portal:organisation", args=[other_org.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("portal:organisation", args=[org.pk])).status_code == 404


def test_portal_batch_form(client, make_run, org, contact):
    run = make_run(price=FREE)
    client.force_login(contact)
    url = reverse("portal:organisation", args=[org.pk])
    response = client.post(url, {"run": run.pk, "emails": "x@utrecht.nl, y@utrecht.nl"})
    assert response.status_code == 302
    assert run.enrolments.filter(organisation=org).count() == 2
    bad = client.post(url, {"run": run.pk, "emails": "nonsense"})
    assert bad.status_code == 200
    assert run.enrolments.count() == 2


def test_substitution_keeps_the_seat_and_sends_no_offer(make_run, make_user):
    run = make_run(price=FREE, capacity=1)
    holder = services.enrol(make_user(), run)
    waiting = services.enrol(make_user(), run)
    colleague = make_user()
    successor = services.substitute(holder, colleague, user=holder.user)
    assert successor.state == Enrolment.State.CONFIRMED
    assert successor.price == holder.price
    holder.refresh_from_db()
    assert holder.state == Enrolment.State.CANCELLED
    assert seats.seats_taken(run) == 1
    assert not waiting.offers.exists()


def test_substitution_refusals(make_run, make_user, other_user):
    run = make_run(price=FREE)
    holder = services.enrol(make_user(), run)
    with pytest.raises(EnrolmentError, match="someone else"):
        services.substitute(holder, other_user, user=other_user)
    already = services.enrol(make_user(), run)
    with pytest.raises(EnrolmentError, match="already enrolled"):
        services.substitute(holder, already.user, user=holder.user)
    with pytest.raises(EnrolmentError, match="verified account"):
        services.substitute(holder, make_user(verified=False), user=holder.user)
    holder.refresh_from_db()
    assert holder.state == Enrolment.State.CONFIRMED


def test_contact_hands_over_through_the_portal(client, make_run, make_user, org, contact):
    run = make_run(price=FREE)
    (place,) = batches.enrol_batch(contact, org, run, [make_user(email="a@utrecht.nl").email])
    colleague = make_user(email="b@utrecht.nl")
    client.force_login(contact)
    client.post(reverse("portal:substitute", args=[place.pk]), {"email": colleague.email})
    assert run.enrolments.live().get().user == colleague


def test_transfer_between_runs_of_the_same_module(make_run, make_user, programme_team_user):
    source, target = make_run(price=FREE, capacity=1), make_run(price=FREE, capacity=1)
    moving = services.enrol(make_user(), source)
    waiting = services.enrol(make_user(), source)
    moved = services.transfer(moving, target, user=programme_team_user)
    assert moved.run == target and moved.state == Enrolment.State.CONFIRMED
    assert waiting.offers.get().state == "open"  # the freed seat goes to the line
    with pytest.raises(EnrolmentError, match="no free seat"):
        services.transfer(
            services.enrol(make_user(), make_run(price=FREE)), target, user=programme_team_user
        )


def test_transfer_refusals(make_run, make_module, make_user, programme_team_user):
    run = make_run(price=FREE)
    enrolment = services.enrol(make_user(), run)
    other_module_run = make_run(price=FREE, for_module=make_module(title="Ander"))
    with pytest.raises(EnrolmentError, match="same module"):
        services.transfer(enrolment, other_module_run, user=programme_team_user)
    with pytest.raises(EnrolmentError, match="staff"):
        services.transfer(enrolment, make_run(price=FREE), user=enrolment.user)
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CONFIRMED


def test_a_claim_link_expires_and_password_reset_still_lets_the_colleague_in(
    client, make_run, org, contact, django_capture_on_commit_callbacks, time_machine
):
    """Issue 15: claim links expire; the invited colleague (active, no usable password) gets
    in through "Forgot your password?"."""
    run = make_run(price=FREE)
    with django_capture_on_commit_callbacks(execute=True):
        batches.enrol_batch(contact, org, run, ["late@utrecht.nl"])
    body = next(m for m in mail.outbox if m.to == ["late@utrecht.nl"]).body
    path = re.search(r"http://testserver(/inschrijven/plaats/\S+/)", body).group(1)
    time_machine.move_to(timezone.now() + dt.timedelta(days=15))

    assert client.get(path).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "late@utrecht.nl"})
    assert [m.to for m in mail.outbox][-1] == ["late@utrecht.nl"]


def test_a_contact_cannot_confirm_an_outsider_only_invite_them(
    client, make_run, make_user, org, contact, django_capture_on_commit_callbacks
):
    """Issue 15: someone outside the organisation (not its domain, no approved membership) is
    invited and confirms the place themselves; the contact cannot enrol them outright."""
    outsider = make_user(email="anneke@gmail.example")
    run = make_run(price=FREE)
    with django_capture_on_commit_callbacks(execute=True):
        (place,) = batches.enrol_batch(contact, org, run, [outsider.email])

    assert place.state == Enrolment.State.PENDING
    invitation = next(m for m in mail.outbox if m.to == [outsider.email])
    path = re.search(r"http://testserver(/inschrijven/plaats/\S+/)", invitation.body).group(1)
    client.force_login(outsider)
    client.post(path, {"claim": "1"})  # the page's button (an existing account only confirms)
    place.refresh_from_db()
    assert place.state == Enrolment.State.CONFIRMED


def test_a_contact_hands_a_place_only_to_a_colleague_and_the_form_reveals_no_account(
    client, make_run, make_user, org, contact
):
    run = make_run(price=FREE)
    (place,) = batches.enrol_batch(contact, org, run, [make_user(email="a@utrecht.nl").email])
    outsider = make_user(email="bram@gmail.example")
    client.force_login(contact)
    answers = []
    for address in (outsider.email, "nobody@gmail.example"):
        response = client.post(
            reverse("portal:substitute", args=[place.pk]), {"email": address}, follow=True
        )
        answers.append([str(m) for m in response.context["messages"]])

    assert answers[0] == answers[1] and len(answers[0]) == 1
    assert run.enrolments.live().get().user.email == "a@utrecht.nl"
