"""Newsletter: sign-up with double opt-in, links used twice or expired, unsubscribe, export."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts import newsletter
from lms.accounts.models import Subscriber

pytestmark = pytest.mark.django_db


def links(message):
    return re.findall(r"http://testserver(/\S+)", message.body)


@pytest.fixture
def signed_up(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("home:newsletter_signup"), {"email": " Lid@Example.org "})
    assert response.status_code == 200
    return Subscriber.objects.get(email="lid@example.org")


def test_sign_up_sends_a_confirmation_with_an_unsubscribe_link(signed_up):
    assert signed_up.state == Subscriber.State.PENDING
    assert len(mail.outbox) == 1
    confirm_path, unsubscribe_path = links(mail.outbox[0])
    assert "/nieuwsbrief/bevestigen/" in confirm_path
    assert unsubscribe_path == reverse("accounts:newsletter_unsubscribe", args=[signed_up.token])
    assert mail.outbox[0].to == ["lid@example.org"]


def test_confirm_then_the_same_link_again(client, signed_up):
    confirm_path = links(mail.outbox[0])[0]
    assert client.get(confirm_path).status_code == 200  # GET only shows the button
    signed_up.refresh_from_db()
    assert signed_up.state == Subscriber.State.PENDING

    assert client.post(confirm_path).status_code == 200
    signed_up.refresh_from_db()
    assert signed_up.state == Subscriber.State.CONFIRMED
    confirmed_at = signed_up.confirmed_at

    again = client.post(confirm_path, HTTP_COOKIE="gs_language=en")
    assert again.status_code == 400
    assert "already been confirmed" in again.content.decode()
    signed_up.refresh_from_db()
    assert signed_up.confirmed_at == confirmed_at


def test_expired_link_changes_nothing(client, signed_up, time_machine):
    confirm_path = links(mail.outbox[0])[0]
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(days=8))
    client.cookies["gs_language"] = "en"
    response = client.post(confirm_path)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    signed_up.refresh_from_db()
    assert signed_up.state == Subscriber.State.PENDING


def test_tampered_link_is_refused(client, signed_up):
    confirm_path = links(mail.outbox[0])[0]
    response = client.post(confirm_path.replace("/bevestigen/", "/bevestigen/x"))
    assert response.status_code == 400
    signed_up.refresh_from_db()
    assert signed_up.state == Subscriber.State.PENDING


def test_unsubscribe_twice(client, signed_up):
    newsletter.confirm(links(mail.outbox[0])[0].split("/")[-2])
    path = reverse("accounts:newsletter_unsubscribe", args=[signed_up.token])
    assert client.post(path).status_code == 200
    signed_up.refresh_from_db()
    assert signed_up.state == Subscriber.State.UNSUBSCRIBED
    assert client.post(path).status_code == 400
    assert client.post(reverse("accounts:newsletter_unsubscribe", args=["nope"])).status_code == 400


def test_signing_up_again_does_not_reveal_or_resend_to_confirmed(
    client, signed_up, django_capture_on_commit_callbacks
):
    newsletter.confirm(links(mail.outbox[0])[0].split("/")[-2])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("home:newsletter_signup"), {"email": "lid@example.org"})
    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert Subscriber.objects.get().state == Subscriber.State.CONFIRMED


def test_bad_address_is_refused_and_stored_nowhere(client):
    response = client.post(reverse("home:newsletter_signup"), {"email": "geen-adres"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_actions_are_logged(signed_up):
    from wagtail.models import ModelLogEntry

    newsletter.confirm(links(mail.outbox[0])[0].split("/")[-2])
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"accounts.newsletter.subscribe", "accounts.newsletter.confirm"} <= actions


def test_csv_export_for_the_programme_team_only(client, signed_up, programme_team_user, user):
    Subscriber.objects.create(email="wacht@example.org", token="t2")  # pending: not exported
    newsletter.confirm(links(mail.outbox[0])[0].split("/")[-2])
    url = reverse("accounts_newsletter_export")

    client.force_login(user)
    assert client.get(url).status_code in (302, 403)

    client.force_login(programme_team_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "private, no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["email"] for r in rows] == ["lid@example.org"]
    assert rows[0]["unsubscribe_url"].endswith(signed_up.token + "/")


def test_for_user_shows_a_person_only_their_own_subscription(signed_up, user, other_user):
    Subscriber.objects.create(email=user.email, token="own")
    assert list(Subscriber.objects.for_user(user).values_list("email", flat=True)) == [user.email]
    assert not Subscriber.objects.for_user(other_user).exists()
