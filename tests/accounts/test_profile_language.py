"""The profile page and the interface language (Dutch unless a person chooses English)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

VERIFY_LINK = r"http://testserver(/account/verifieer/[^/\s]+/[^/\s]+/)"
COOKIE = "gs_language"


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, response.content.decode()[:300]
    return match.group(1)


def message_levels(response) -> list[str]:
    return [m.level_tag for m in response.context["messages"]]


# --- profile -------------------------------------------------------------------------------


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('accounts:profile')}"


def test_profile_post_requires_login(client, user):
    response = client.post(reverse("accounts:profile"), {"certificate_name": "Iemand Anders"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    user.refresh_from_db()
    assert user.certificate_name == ""


def test_profile_shows_own_details_and_is_not_cached(client, user):
    client.force_login(user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert "anneke@example.org" in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


def test_profile_saves_certificate_name_and_language(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Anneke",
            "last_name": "de Vries",
            "certificate_name": "dr. A. de Vries",
            "language": "en",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.certificate_name == "dr. A. de Vries"
    assert user.printed_name == "dr. A. de Vries"
    assert user.language == "en"
    assert html_lang(client.get(reverse("accounts:profile"))) == "en"


def test_profile_refuses_unknown_language(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Anneke", "last_name": "de Vries", "language": "de"},
    )
    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    assert "no-store" in response["Cache-Control"]
    user.refresh_from_db()
    assert user.language == "nl"


def test_profile_cannot_change_email_or_verification(client, make_user):
    person = make_user(email="cas@example.org", verified=False)
    client.force_login(person)
    client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Cas",
            "last_name": "Bakker",
            "language": "nl",
            "email": "ander@example.org",
            "email_verified_at": "2024-01-01 10:00",
            "is_staff": "on",
        },
    )
    person.refresh_from_db()
    assert person.email == "cas@example.org"
    assert person.email_verified_at is None
    assert not person.is_staff


def test_unverified_user_can_ask_for_a_new_verification_mail(
    client, make_user, django_capture_on_commit_callbacks
):
    person = make_user(email="cas@example.org", verified=False)
    client.force_login(person)
    profile_page = client.get(reverse("accounts:profile")).content.decode()
    assert f'action="{reverse("accounts:resend_verification")}"' in profile_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)

    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert message_levels(response) == ["success"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cas@example.org"]
    path = re.search(VERIFY_LINK, mail.outbox[0].body).group(1)

    verified = client.get(path)

    assert verified.status_code == 302
    person.refresh_from_db()
    assert person.is_verified


def test_verified_user_gets_no_new_verification_mail(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert message_levels(response) == ["info"]
    assert mail.outbox == []


def test_resend_verification_requires_login_and_post(client, make_user):
    person = make_user(verified=False)
    anonymous = client.post(reverse("accounts:resend_verification"))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))

    client.force_login(person)
    assert client.get(reverse("accounts:resend_verification")).status_code == 405
    assert mail.outbox == []


# --- language ------------------------------------------------------------------------------


def test_site_is_dutch_even_when_browser_asks_for_english(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response) == "nl"
    assert response["Content-Language"] == "nl"


def test_choosing_english_sets_a_cookie_and_switches_pages(client, home_page):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[COOKIE].value == "en"
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get(reverse("accounts:login"))) == "en"


def test_switching_back_to_dutch(client, home_page):
    client.post(reverse("set_language"), {"language": "en"})
    client.post(reverse("set_language"), {"language": "nl"})
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == "nl"


def test_language_switch_goes_back_to_the_page(client, home_page):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("accounts:login")}
    )
    assert response["Location"] == reverse("accounts:login")


def test_language_link_sets_only_the_cookie(client, user, home_page):
    """Anonymous pages switch language with a plain link (no CSRF token on cached pages);
    a GET never changes an account."""
    response = client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert html_lang(client.get("/")) == "en"
    client.force_login(user)
    client.get(reverse("set_language"), {"language": "en"})
    user.refresh_from_db()
    assert user.language == "nl"
    assert client.put(reverse("set_language")).status_code == 405


def test_chosen_language_is_kept_on_the_account_and_survives_a_new_session(
    client, user, password, home_page
):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"

    fresh = Client()
    assert COOKIE not in fresh.cookies
    assert html_lang(fresh.get("/")) == "nl"
    logged_in = fresh.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert logged_in.status_code == 302

    assert html_lang(fresh.get("/")) == "en"
    assert html_lang(fresh.get(reverse("accounts:profile"))) == "en"


@pytest.mark.parametrize(
    "next_url",
    ["http://evil.example/", "//evil.example/", "https://evil.example/pad", "javascript:alert(1)"],
)
def test_unsafe_next_redirects_home(client, home_page, next_url):
    response = client.post(reverse("set_language"), {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unsafe_next_is_refused_for_unknown_language_too(client, home_page):
    response = client.post(
        reverse("set_language"), {"language": "xx", "next": "http://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.parametrize("language", ["de", "", "EN", "en-us"])
def test_unknown_language_changes_nothing(client, user, home_page, language):
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": language, "next": "/"})

    assert response.status_code == 302
    assert COOKIE not in response.cookies
    user.refresh_from_db()
    assert user.language == "nl"
    assert html_lang(client.get("/")) == "nl"
