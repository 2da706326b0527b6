"""Issue 15: login throttling (django-axes) by account + client address, with a per-account
back-off, a clear message and unlock by the programme team; X-Forwarded-For only from
TRUSTED_PROXIES."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from lms.accounts import throttling
from lms.accounts.client_ip import client_ip
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/account/inloggen/"


def attempt(client, email, password, address="203.0.113.7", url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password}, REMOTE_ADDR=address, **extra)


def fail_five_times(client, email, address="203.0.113.7", url=LOGIN):
    for _ in range(5):
        response = attempt(client, email, "wrong-password", address, url=url)
        assert response.status_code in (200, 429)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, user):
    fail_five_times(client, user.email)

    response = attempt(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert "Te veel inlogpogingen" in response.content.decode()
    assert "over 15 minuten opnieuw" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


def test_the_same_account_still_logs_in_from_another_address(client, user):
    fail_five_times(client, user.email, address="203.0.113.7")

    response = attempt(client, user.email, PASSWORD, address="198.51.100.20")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_letter_case_does_not_give_extra_attempts(client, user):
    for typed in ["ANNEKE@example.org", "anneke@EXAMPLE.org", "Anneke@example.org"] * 2:
        attempt(client, typed, "wrong-password")

    assert attempt(client, user.email, PASSWORD).status_code == 429


def test_the_admin_login_is_throttled_too(client, programme_team_user):
    url = reverse("wagtailadmin_login")
    fail_five_times(client, programme_team_user.email, url=url)

    assert attempt(client, programme_team_user.email, PASSWORD, url=url).status_code == 429


def test_each_further_locked_address_doubles_the_cool_off(client, user):
    fail_five_times(client, user.email, address="203.0.113.1")
    fail_five_times(client, user.email, address="203.0.113.2")

    response = attempt(client, user.email, PASSWORD, address="203.0.113.2")

    assert response.status_code == 429
    assert int(response["Retry-After"]) == 30 * 60


def test_programme_team_unlocks(client, user, programme_team_user):
    fail_five_times(client, user.email)
    staff = client.__class__()
    staff.force_login(programme_team_user)
    url = reverse("accounts_login_security", args=[user.pk])
    assert "203.0.113.7" in staff.get(url).content.decode()

    staff.post(url, {"action": "unlock"})

    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_only_the_programme_team_unlocks(user, make_user):
    from lms.accounts.exceptions import AccountError

    with pytest.raises(AccountError):
        throttling.unlock(user, by=make_user())


def test_forged_forwarded_for_from_a_visitor_does_not_dodge_the_lock(client, user):
    for hop in range(6):
        attempt(client, user.email, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{hop}")

    assert (
        attempt(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429
    )


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.7", "192.0.2.1", "203.0.113.7"),  # not from a proxy: the header is ignored
        ("10.0.0.2", "192.0.2.1", "192.0.2.1"),  # from the load balancer
        ("10.0.0.2", "6.6.6.6, 192.0.2.1, 10.0.0.3", "192.0.2.1"),  # right-most non-proxy hop
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_client_ip_trusts_forwarded_for_only_from_trusted_proxies(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_without_trusted_proxies_remote_addr_counts():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert client_ip(request) == "10.0.0.2"
