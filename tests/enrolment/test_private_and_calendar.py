"""Private runs by invite link, the offer page, the .ics attachment and the private feed."""

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from lms.enrolment import services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import Enrolment, Offer
from lms.enrolment.tasks import KIND_HEADER
from tests.conftest import local


def test_private_run_only_with_the_right_code(client, user, make_run):
    run = make_run(is_private=True)
    with pytest.raises(EnrolmentError, match="invitation only"):
        services.enrol(user, run, invite_code="wrong")
    client.force_login(user)
    assert client.get(reverse("enrolment:invite", args=["forged-code"])).status_code == 404
    public = make_run()
    # A public run's code answers the same 404: nothing about existence leaks.
    assert client.get(reverse("enrolment:invite", args=[public.invite_code])).status_code == 404
    assert client.get(reverse("enrolment:enrol", args=[run.pk])).status_code == 404
    url = reverse("enrolment:invite", args=[run.invite_code])
    assert client.get(url).status_code == 200
    client.post(url)
    assert Enrolment.objects.get(user=user).run == run


def test_offer_page_refuses_another_user(client, make_run, make_user):
    run = make_run(capacity=1)
    holder = services.enrol(make_user(), run)
    waiting = services.enrol(make_user(), run)
    services.cancel_enrolment(holder, user=holder.user)
    offer = Offer.objects.get()
    url = reverse("enrolment:offer", args=[offer.token])
    client.force_login(make_user())
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "accept"}).status_code == 404
    client.force_login(waiting.user)
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    client.post(url, {"answer": "accept"})
    waiting.refresh_from_db()
    assert waiting.state == Enrolment.State.CONFIRMED
    client.post(url, {"answer": "accept"})  # reused: a message, no change, no 500
    assert Enrolment.objects.filter(state="confirmed").count() == 1


def test_confirmation_carries_an_ics_with_all_sessions(
    make_run, make_user, django_capture_on_commit_callbacks
):
    # 29 March 2027 is after the switch to summer time: 10:00 Amsterdam is 08:00 UTC.
    run = make_run(starts=local(2027, 3, 22, 10), sessions=2)
    person = make_user(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(person, run)
    (message,) = mail.outbox
    assert message.extra_headers[KIND_HEADER] == "confirmed"
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("sessions.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    starts = [e.decoded("dtstart") for e in events]
    assert [s.hour for s in starts] == [10, 10]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert starts[0].tzinfo.key == zoneinfo.ZoneInfo("Europe/Amsterdam").key


def test_notification_in_the_participants_language(
    make_run, make_user, django_capture_on_commit_callbacks
):
    run = make_run(starts=local(2027, 3, 22, 10), sessions=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.enrol(make_user(language="nl"), run)
        services.enrol(make_user(language="en"), run)
    # Dates are written in the person's language and in Amsterdam time.
    assert "maandag 22 maart 2027, 10:00" in mail.outbox[0].body
    assert "Monday 22 March 2027, 10:00" in mail.outbox[1].body


def test_private_calendar_feed_and_revocation(client, user, other_user, run):
    services.enrol(user, run)
    client.force_login(user)
    client.get(reverse("portal:dashboard"))
    token = user.calendar_feed.token
    feed = client.get(reverse("enrolment:calendar_feed", args=[token]))
    assert feed.status_code == 200
    assert feed["Cache-Control"] == "private, no-store"
    assert len(Calendar.from_ical(feed.content).walk("VEVENT")) == 2
    client.post(reverse("enrolment:renew_calendar_feed"))
    assert client.get(reverse("enrolment:calendar_feed", args=[token])).status_code == 404
    user.calendar_feed.refresh_from_db()
    renewed = client.get(reverse("enrolment:calendar_feed", args=[user.calendar_feed.token]))
    assert renewed.status_code == 200
    client.force_login(other_user)
    client.get(reverse("portal:dashboard"))
    theirs = client.get(reverse("enrolment:calendar_feed", args=[other_user.calendar_feed.token]))
    assert Calendar.from_ical(theirs.content).walk("VEVENT") == []
