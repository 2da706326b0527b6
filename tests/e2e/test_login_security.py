"""Issue 15 in the browser: a staff member sets up the admin's second factor (QR code, first
code, recovery codes) and opens the admin; five wrong passwords lock the account from that
address with a clear message. axe and the CSP listener check every page (conftest)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from lms.accounts.models import PROGRAMME_TEAM_GROUP
from tests.conftest import PASSWORD
from tests.second_factor import current_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(browser, email, password, name):
    browser.goto("/account/inloggen/", name=name)
    browser.page.fill("#id_username", email)
    browser.page.fill("#id_password", password)
    browser.page.get_by_role("button", name="Inloggen").last.click()
    browser.page.wait_for_load_state()


def test_staff_set_up_the_second_factor_then_open_the_admin(browser, programme, make_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    staff = make_user(email="team@platform31.example", first_name="Team", last_name="Lid")
    group, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    staff.groups.add(group)
    page = browser.page

    log_in(browser, staff.email, PASSWORD, "staff-login")
    page.goto(browser.base_url + "/beheer/")
    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))
    browser.check("second-factor-setup")
    assert page.locator(".qr-code svg").is_visible()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    page.fill("#id_code", current_code(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    browser.check("recovery-codes")
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Verder").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    browser.check("admin-home")


def test_five_wrong_passwords_lock_the_login_from_this_address(browser, programme, make_user):
    person = make_user(email="anneke@example.org")
    for attempt in range(5):
        log_in(browser, person.email, "verkeerd-wachtwoord", f"wrong-{attempt}")

    log_in(browser, person.email, PASSWORD, "right-after-lockout")

    browser.check("locked-out")
    assert browser.page.get_by_role("heading", name="Te veel inlogpogingen").is_visible()
    assert "over 15 minuten opnieuw" in browser.page.content()
