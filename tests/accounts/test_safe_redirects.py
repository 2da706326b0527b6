"""Issue 15: every view that reads ``next`` redirects only to this site (the login, logout,
language switch, the organisation's substitute form and the second-factor step)."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from lms.enrolment import services as enrolment_services
from tests.conftest import PASSWORD
from tests.second_factor import current_code, device_for

pytestmark = pytest.mark.django_db

HOSTS = ["evil.example", "evil.example:443", "testserver@evil.example", "evil.example\\@testserver"]
SHAPES = [
    "https://{h}/",
    "http://{h}",
    "//{h}",
    "///{h}",
    "////{h}",
    "\\\\{h}",
    "/\\{h}",
    "\\/{h}",
    "https:/{h}",
    "https:{h}",
    " //{h}",
    "\t//{h}",
    "\n//{h}",
    "https://{h}/%2F..",
]
OTHER = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example/",
    "/\x00//evil.example",  # answered 400 by RejectNulInputMiddleware (test_bad_input.py)
    "https://testserver.evil.example/",
]
VARIANTS = [shape.format(h=host) for shape in SHAPES for host in HOSTS] + OTHER


def stays_here(response) -> bool:
    if response.status_code == 400:  # a NUL byte: refused before the view
        return True
    location = response["Location"].strip()
    parts = urlsplit(location)
    return (
        parts.scheme in ("", "http", "https")
        and parts.netloc in ("", "testserver")
        and (not location.startswith(("//", "\\\\", "/\\", "\\/")))
    )


def test_there_are_many_variants():
    assert len(VARIANTS) >= 60


@pytest.mark.parametrize("target", VARIANTS)
def test_login_language_and_logout_stay_on_the_site(client, user, target):
    login = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD, "next": target}
    )
    language = client.get(reverse("set_language"), {"language": "en", "next": target})
    logout = client.post(reverse("accounts:logout"), {"next": target})

    expected = 400 if "\x00" in target else 302
    assert [login.status_code, language.status_code, logout.status_code] == [expected] * 3
    assert stays_here(login) and stays_here(language) and stays_here(logout)


@pytest.mark.parametrize("target", VARIANTS)
def test_substitute_form_stays_on_the_site(client, user, run, target):
    enrolment = enrolment_services.enrol(user, run)
    client.force_login(user)

    response = client.post(
        reverse("portal:substitute", args=[enrolment.pk]),
        {"email": "nobody@example.org", "next": target},
    )

    assert response.status_code == (400 if "\x00" in target else 302) and stays_here(response)


@pytest.mark.parametrize("target", VARIANTS[::7])
def test_second_factor_step_stays_on_the_site(client, programme_team_user, target):
    device = device_for(programme_team_user)
    client.force_login(programme_team_user, second_factor=False)

    response = client.post(
        reverse("accounts:second_factor"), {"code": current_code(device), "next": target}
    )

    assert response.status_code == (400 if "\x00" in target else 302) and stays_here(response)


def test_a_next_on_the_site_is_kept(client, user, run):
    enrolment = enrolment_services.enrol(user, run)
    client.force_login(user)

    response = client.post(
        reverse("portal:substitute", args=[enrolment.pk]),
        {"email": "nobody@example.org", "next": "/mijn/organisatie/1/?tab=2"},
    )

    assert response["Location"] == "/mijn/organisatie/1/?tab=2"


BARE = ["mijn", "portal:nothing", "mijn.html", "  ", "?tab=2", "#top"]


@pytest.mark.parametrize("target", BARE)
def test_a_next_that_is_no_url_falls_back_to_the_default(client, user, run, target):
    """Before, a bare word like ``mijn`` reached ``reverse`` (NoReverseMatch, a 500)."""
    enrolment = enrolment_services.enrol(user, run)
    client.force_login(user)

    substitute = client.post(
        reverse("portal:substitute", args=[enrolment.pk]),
        {"email": "nobody@example.org", "next": target},
    )
    page = client.get(reverse("portal:cancel", args=[enrolment.pk]), {"next": target})
    cancel = client.post(
        reverse("enrolment:cancel", args=[enrolment.pk]), {"confirm": "1", "next": target}
    )

    dashboard = reverse("portal:dashboard")
    assert substitute.status_code == 302 and substitute["Location"] == dashboard
    assert page.status_code == 200 and page.context["next"] == ""
    assert cancel.status_code == 302 and cancel["Location"] == dashboard
