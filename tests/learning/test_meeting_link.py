"""Issue 18 item 3 (its last sentence): an online session's meeting link is shown only to
participants: in the confirmation, the calendar file and Mijn leeromgeving — never on the
public pages, nor to someone waiting or awaiting approval."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lms.enrolment.tasks import send_enrolment_email

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/gebiedsschool-dag-1"


@pytest.fixture
def online_run(run):
    run.sessions.update(online_url=LINK)
    return run


def _enrolment(run, person, state):
    from lms.enrolment.models import Enrolment

    return Enrolment.objects.create(run=run, user=person, state=state, price=run.price)


def test_the_confirmation_and_its_calendar_file_carry_the_link(online_run, user):
    enrolment = _enrolment(online_run, user, "confirmed")

    send_enrolment_email.call(enrolment.pk, "confirmed", None)

    [message] = mail.outbox
    assert LINK in message.body
    [(_name, ics, _type)] = message.attachments
    assert LINK in (ics.decode() if isinstance(ics, bytes) else ics).replace("\r\n ", "")


def test_someone_awaiting_approval_gets_no_link_in_the_change_mail(online_run, user):
    enrolment = _enrolment(online_run, user, "pending")

    send_enrolment_email.call(enrolment.pk, "run_changed", None)

    assert LINK not in mail.outbox[0].body


@pytest.mark.parametrize(("state", "shown"), [("confirmed", True), ("waitlisted", False)])
def test_mijn_leeromgeving_shows_the_link_to_participants_only(online_run, user, state, shown):
    _enrolment(online_run, user, state)
    client = Client()
    client.force_login(user)

    assert (LINK in client.get(reverse("portal:dashboard")).content.decode()) is shown


def test_the_public_pages_never_show_the_link(online_run, module, client):
    assert LINK not in client.get(module.url).content.decode()
    assert LINK not in client.get(reverse("enrolment:enrol", args=[online_run.pk])).content.decode()


def test_the_calendar_feed_carries_the_link_for_confirmed_places_only(online_run, user):
    from lms.enrolment.feeds import feed_for

    enrolment = _enrolment(online_run, user, "confirmed")
    url = reverse("enrolment:calendar_feed", args=[feed_for(user).token])
    assert LINK in Client().get(url).content.decode().replace("\r\n ", "")

    enrolment.state = "no_show"
    enrolment.save()
    body = Client().get(url).content.decode().replace("\r\n ", "")
    assert "BEGIN:VEVENT" in body and LINK not in body
