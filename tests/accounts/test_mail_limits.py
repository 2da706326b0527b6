"""Issue 15: password reset, sign-up, resend-verification and newsletter mails are
rate-limited per recipient address and per client address (django-ratelimit); password
reset works for active accounts without a usable password."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def reset(client, email, address="203.0.113.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_mails_to_one_address_are_limited(
    client, user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            reset(client, user.email, address=f"203.0.113.{i}").status_code for i in range(6)
        ]

    assert answers == [302, 302, 302, 429, 429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_limit_message_is_the_same_for_unknown_addresses(client, db):
    answers = [reset(client, "nobody@example.org").status_code for _ in range(4)]
    last = reset(client, "nobody@example.org")

    assert answers == [302, 302, 302, 429]
    assert "Te veel e-mails" in last.content.decode()
    assert mail.outbox == []


@override_settings(MAIL_RATE_PER_CLIENT="5/h")
def test_one_client_cannot_mail_many_addresses(client, db):
    answers = [reset(client, f"p{i}@example.org").status_code for i in range(7)]

    assert answers == [302] * 5 + [429] * 2


@override_settings(MAIL_RATE_PER_CLIENT="5/h", TRUSTED_PROXIES=["10.0.0.0/8"])
def test_visitors_behind_the_load_balancer_are_counted_apart(client, db):
    for visitor in range(8):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": f"p{visitor}@example.org"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{visitor}",
        )
        assert response.status_code == 302


def test_sign_up_mails_are_limited(client, signup_data):
    answers = [
        client.post(reverse("accounts:signup"), signup_data(email="new@example.org")).status_code
        for _ in range(4)
    ]

    assert answers[-1] == 429


def test_resend_verification_is_limited(client, make_user, django_capture_on_commit_callbacks):
    person = make_user(verified=False)
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(reverse("accounts:resend_verification"))

    assert len(mail.outbox) == 3


def test_newsletter_sign_up_mails_are_limited(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(reverse("home:newsletter_signup"), {"email": "lid@example.org"}).status_code
            for _ in range(4)
        ]

    assert answers == [200, 200, 200, 429]


def test_password_reset_reaches_an_active_account_without_a_password(
    client, make_user, django_capture_on_commit_callbacks
):
    invited = make_user(email="invited@example.org")
    invited.set_unusable_password()
    invited.save()
    gone = make_user(email="gone@example.org", is_active=False)
    gone.set_unusable_password()
    gone.save()

    with django_capture_on_commit_callbacks(execute=True):
        reset(client, "invited@example.org")
        reset(client, "gone@example.org")

    assert [m.to for m in mail.outbox] == [["invited@example.org"]]
