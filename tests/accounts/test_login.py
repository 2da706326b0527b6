"""Logging in with the e-mail address, logging out, and choosing a new password."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESET_LINK = r"http://testserver(/account/wachtwoord/nieuw/[^/\s]+/[^/\s]+/)"
NEW_PASSWORD = "nieuw-wachtwoord-voor-de-binnenstad-9"


def logged_in_as(client):
    """The primary key of the user logged in on ``client``, or None."""
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_login_page_shows_the_form(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


@pytest.mark.parametrize(
    "typed", ["anneke@example.org", "Anneke@Example.org", "ANNEKE@EXAMPLE.ORG"]
)
def test_login_with_email_in_any_letter_case(client, user, password, typed):
    response = log_in(client, typed, password)

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")
    assert logged_in_as(client) == user.pk


def test_login_follows_safe_next(client, user, password):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": password, "next": reverse("accounts:profile")},
    )
    assert response["Location"] == reverse("accounts:profile")


def test_login_ignores_next_to_another_site(client, user, password):
    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": password, "next": "http://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_wrong_password_shows_an_error(client, user):
    response = log_in(client, user.email, "not-the-password")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'class="errorlist"' in response.content.decode()
    assert logged_in_as(client) is None


def test_unknown_email_shows_an_error(client, user, password):
    response = log_in(client, "niemand@example.org", password)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert logged_in_as(client) is None


def test_inactive_user_cannot_log_in(client, make_user, password):
    make_user(email="weg@example.org", is_active=False)
    response = log_in(client, "weg@example.org", password)
    assert response.status_code == 200
    assert logged_in_as(client) is None


def test_logged_in_user_is_sent_on_from_login_page(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_logout_is_a_post(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_as(client) is None


def test_logout_by_get_is_not_allowed(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert logged_in_as(client) == user.pk


def test_password_reset_sends_a_working_link(client, user, link_in_mail):
    response = client.post(reverse("accounts:password_reset"), {"email": "Anneke@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox[0].to == ["anneke@example.org"]
    link = link_in_mail(RESET_LINK).group(1)

    # Django swaps the token for a session entry and redirects to a form without it.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    set_password_url = form_page.redirect_chain[-1][0]

    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    fresh = Client()
    assert log_in(fresh, user.email, NEW_PASSWORD).status_code == 302
    assert logged_in_as(fresh) == user.pk


def test_old_password_no_longer_works_after_reset(client, user, password, link_in_mail):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    form_page = client.get(link_in_mail(RESET_LINK).group(1), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    response = log_in(Client(), user.email, password)
    assert response.status_code == 200


def test_reset_link_works_only_once(client, user, link_in_mail):
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = link_in_mail(RESET_LINK).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    again = Client().get(link, follow=True)

    assert again.status_code == 200
    assert not again.context["validlink"]


def test_password_reset_for_unknown_address_looks_the_same_and_sends_nothing(client, user):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
