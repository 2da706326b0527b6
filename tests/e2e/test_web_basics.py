"""Web basics in Chromium: the home page loads without console errors (the favicon used to be
the only one) and keeps axe at zero serious or critical violations."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_and_catalogue_without_console_errors(browser, programme):
    errors: list[str] = []
    browser.page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser.page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    for path in ("/", "/opleidingen/", "/account/aanmelden/"):
        response = browser.goto(path)
        assert response.status == 200
    assert browser.page.title() == "Account aanmaken – Gebiedsschool"
    icon = browser.page.request.get(browser.base_url + "/favicon.ico")
    assert icon.ok and "svg" in icon.headers["content-type"]
    assert errors == []
