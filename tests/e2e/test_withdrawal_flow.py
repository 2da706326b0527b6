"""A consumer withdraws in the browser: "Overeenkomst herroepen" in Mijn leeromgeving, the
confirmation page, then the acknowledgement (issue 13 item 3). axe and screenshots per page."""

import re

import pytest

from lms.billing import services
from lms.enrolment.models import Enrolment
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_TITLE = "Financiën en businesscases in gebiedsontwikkeling"


def test_consumer_withdraws_from_the_agreement(browser, programme, make_run, make_seller, user):
    from courses.models import CourseModulePage, InstitutionPage

    module = CourseModulePage.objects.get(title=MODULE_TITLE)
    institution = InstitutionPage.objects.ancestor_of(module).first()
    make_seller(institution, prefix="VB")
    run = make_run(for_module=module, code="TUD-FIN-HERROEP")
    enrolment = services.checkout(user, run, accept_terms=True)
    page = browser.page
    browser.goto("/account/inloggen/", name="login")
    page.fill("#id_username", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("dashboard-with-withdrawal")
    page.get_by_role("link", name=re.compile("Overeenkomst herroepen")).click()
    browser.check("withdrawal-confirmation")
    page.get_by_role("button", name="Herroeping bevestigen").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("withdrawn")
    assert "herroepen op" in page.content()
    assert Enrolment.objects.get(pk=enrolment.pk).state == "cancelled"
