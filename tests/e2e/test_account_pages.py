"""The account pages in Chromium, each checked with axe at phone and desktop width: profile,
change password, change e-mail, download my data (the PDF downloads), ask for erasure; then the
programme team's dashboard shows the erasure request."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.second_factor import pass_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(browser, email):
    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$|/beheer/"))


def test_account_pages_and_erasure_request(browser, programme, make_user, programme_team_user):
    make_user(email="account@example.org", first_name="Sanne", last_name="Jansen")
    log_in(browser, "account@example.org")
    page = browser.page
    browser.goto("/account/profiel/", name="profile")
    page.get_by_role("link", name="Je wachtwoord wijzigen").click()
    browser.check("change-password")
    assert page.locator("#id_old_password").get_attribute("autocomplete") == "current-password"
    browser.goto("/account/e-mail/wijzigen/", name="change-email")
    page.get_by_role("button", name="Bevestigingslink sturen").click()
    browser.check("change-email-errors")
    browser.goto("/account/mijn-gegevens/", name="my-data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    browser.goto("/account/verwijderen/", name="erasure")
    page.get_by_role("button", name="Verwijdering aanvragen").click()
    page.wait_for_url("**/account/profiel/")
    assert "uiterlijk op" in page.locator(".messages").inner_text()

    page.context.clear_cookies()
    log_in(browser, programme_team_user.email)
    pass_in_browser(browser, programme_team_user)
    browser.page.goto(browser.base_url + "/beheer/")
    panel = page.get_by_role("region", name="Verwijderverzoeken (AVG art. 17)")
    assert "account@example.org" in panel.inner_text()
    page.screenshot(path=str(browser_screenshot("dashboard-erasure-panel")), full_page=True)


def browser_screenshot(name):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"account-pages-{name}-1280.png"
