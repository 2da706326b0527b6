"""A professional's whole way in the browser: sign up, verify the e-mail address, find a module
with a catalogue filter (keyboard only), enrol, see it in "Mijn leeromgeving", cancel. Then staff
completes an enrolment in the Wagtail admin, and the participant downloads the certificate PDF
and opens its public verification page. axe checks every page on the way (see conftest)."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from lms.enrolment.models import CourseRun, Enrolment
from tests import second_factor
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_TITLE = "Financiën en businesscases in gebiedsontwikkeling"


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has focus (keyboard-only use)."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_sign_up_verify_find_enrol_and_cancel(browser, programme):
    # The programme's institutions have no seller profile until the programme team enters
    # their billing data, so their paid runs cannot be sold yet; this flow takes a free place
    # (checkout is tested in tests/billing).
    CourseRun.objects.filter(module__title=MODULE_TITLE).update(price=Decimal("0.00"))
    page = browser.page
    browser.goto("/")
    page.get_by_role("link", name="Account aanmaken").click()
    browser.check("signup")
    # Bad input first: the error is shown next to the field and tied to it.
    page.fill("#id_first_name", "Anneke")
    page.fill("#id_last_name", "de Vries")
    page.fill("#id_email", "anneke@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", "something-else-entirely")
    page.get_by_role("button", name="Account aanmaken").click()
    browser.check("signup-error")
    field = page.locator("#id_password2")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_password2_error" in field.get_attribute("aria-describedby")
    assert page.locator("#id_password2_error").is_visible()
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    browser.check("signup-done")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/account/verifieer/\S+/", mail.outbox[0].body).group(0)
    page.goto(browser.base_url + link[link.index("/account/") :])
    browser.check("verified-login")
    page.fill("#id_username", "anneke@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    browser.check("dashboard-empty")

    # Keyboard only from here: filter the catalogue, open the module, enrol.
    browser.goto("/opleidingen/")
    tab_to(page, "#id_institution")
    while page.eval_on_selector("#id_institution", "el => el.value") != "tu-delft":
        page.keyboard.press("ArrowDown")
    tab_to(page, "form.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"institution=tu-delft"))
    browser.check("catalogue-filtered")
    tab_to(page, "main a[href$='/financien-en-businesscases-in-gebiedsontwikkeling/']")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    browser.check("module")
    tab_to(page, "a.button[href*='/inschrijven/']")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    browser.check("enrol")
    tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("dashboard-enrolled")
    row = page.locator("main table tbody tr", has_text=MODULE_TITLE)
    assert row.count() == 1
    enrolment = Enrolment.objects.get(user__email="anneke@example.org")
    assert enrolment.state == Enrolment.State.CONFIRMED

    # Cancelling asks first and says what it costs (a free run: nothing).
    row.get_by_role("link", name=re.compile("Inschrijving annuleren")).click()
    page.wait_for_url(re.compile(r"/mijn/plaats/\d+/annuleren/$"))
    assert "annuleren kost niets" in page.locator("main").inner_text()
    browser.check("cancel-confirmation")
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CONFIRMED
    page.get_by_role("button", name="Ja, annuleer deze inschrijving").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("dashboard-cancelled")
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.CANCELLED


def test_staff_completes_and_participant_gets_certificate(
    browser, programme, make_user, programme_team_user
):
    from django.urls import reverse
    from django.utils import timezone

    from courses.models import CourseModulePage
    from lms.enrolment import services
    from lms.enrolment.models import Session

    participant = make_user(email="anneke@example.org", first_name="Anneke", last_name="de Vries")
    module = CourseModulePage.objects.get(title=MODULE_TITLE)
    run = CourseRun.objects.filter(module=module).first()
    enrolment = services.enrol(participant, run)
    # The run took place: its sessions move into the past so staff may complete it.
    for i, session in enumerate(Session.objects.filter(run=run).order_by("starts_at")):
        begin = timezone.now() - timezone.timedelta(days=30 - 7 * i)
        Session.objects.filter(pk=session.pk).update(
            starts_at=begin, ends_at=begin + timezone.timedelta(hours=6)
        )

    page = browser.page
    browser.goto("/account/inloggen/", name="staff-login")
    page.fill("#id_username", programme_team_user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    second_factor.pass_in_browser(browser, programme_team_user)
    browser.goto(reverse("enrolment_run_participants", args=[run.pk]), name="admin-participants")
    for box in page.locator("#attendance-form input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Afronden en certificaat uitgeven").click()
    page.wait_for_load_state()
    enrolment.refresh_from_db()
    assert enrolment.state == Enrolment.State.COMPLETED
    page.context.clear_cookies()

    browser.goto("/account/inloggen/", name="participant-login")
    page.fill("#id_username", "anneke@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("dashboard-certificate")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF downloaden").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    page.get_by_role("link", name="Verificatiepagina").click()
    page.wait_for_url(re.compile(r"/certificaat/"))
    browser.check("certificate-verification")
    assert "Anneke de Vries" in page.locator("main").inner_text()
    assert MODULE_TITLE in page.locator("main").inner_text()
