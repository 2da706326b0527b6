"""Issue 24 in the browser: someone who already has an account opens an invitation, logs in
with it and accepts (no second account), then passes the second factor into the admin; an
expired link gets a page that says whom to ask. axe checks every page; screenshots at 390 and
1280 px (see conftest)."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from lms.accounts import staff_invitations
from lms.accounts.models import StaffInvitation, User
from tests import second_factor
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _path(invitation) -> str:
    url = staff_invitations.accept_url(invitation)
    return url[url.index("/account/") :]


def test_an_existing_account_logs_in_accepts_and_opens_the_admin(
    browser, programme, make_user, programme_team_user
):
    from courses.models import InstitutionPage

    tud = InstitutionPage.objects.get(code="TUD")
    person = make_user(email="chef@tudelft.example", first_name="Chris", last_name="Chef")
    invitation = staff_invitations.invite(
        by=programme_team_user,
        institution=tud,
        role=StaffInvitation.Role.MANAGER,
        email=person.email,
    )
    page = browser.page
    browser.goto(_path(invitation), name="existing-account")
    page.get_by_role("link", name="Inloggen om aan te nemen").click()
    page.wait_for_url(re.compile(r"/account/inloggen/"))
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/account/uitnodiging/"))
    browser.check("existing-account-confirm")
    page.get_by_role("button", name="Uitnodiging aannemen").click()
    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))
    assert User.objects.filter(email=person.email).count() == 1
    assert list(person.groups.values_list("name", flat=True)) == ["TU Delft – beheerders"]
    second_factor.pass_in_browser(browser, person, "/beheer/uitnodigingen/")
    page.wait_for_url(re.compile(r"/beheer/uitnodigingen/$"))
    browser.check("manager-invitations")


def test_an_expired_link_says_whom_to_ask(browser, programme, programme_team_user):
    from courses.models import InstitutionPage

    tud = InstitutionPage.objects.get(code="TUD")
    with time_machine.travel(timezone.now() - dt.timedelta(days=8)):
        invitation = staff_invitations.invite(
            by=programme_team_user,
            institution=tud,
            role=StaffInvitation.Role.EDITOR,
            email="laat@tudelft.example",
        )
    response = browser.goto(_path(invitation), name="expired")
    assert response.status == 410
    text = browser.page.locator("main").inner_text()
    assert "verlopen" in text and programme_team_user.email in text
