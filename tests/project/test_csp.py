"""Issue 15: a Content-Security-Policy (django-csp) on the site and, widened only by inline
scripts/styles, on the Wagtail admin; no third-party origins but the video embeds. The
browser tests (tests/e2e) fail on any violation Chromium logs."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def test_site_pages_have_a_strict_policy(client, home_page):
    policy = directives(client.get("/account/inloggen/"))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    third_party = {v for values in policy.values() for v in values if v.startswith("http")}
    assert third_party == {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}


def test_the_admin_adds_only_inline_scripts_and_styles(client, programme_team_user):
    client.force_login(programme_team_user)

    policy = directives(client.get("/beheer/"))

    assert "'unsafe-inline'" in policy["script-src"] and "'self'" in policy["script-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert not any(v.startswith("http") for v in policy["script-src"] + policy["img-src"])
