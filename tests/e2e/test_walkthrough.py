"""The README's "Try the whole way once", step by step in the browser, each to its end.

Step 1: sign up → verify → enrol in a paid run → pay on the fake provider's test checkout page
→ the invoice is paid. Step 2: the full run of the programme content (PLF-PAR-01) → waiting
list → a seat frees up → offer → accept → invoice → pay. Both use the example seller profiles
that `make run` loads (`load_example_sellers`). axe checks every page; screenshots at 390 and
1280 px land in test-output/screenshots/ (see conftest)."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from lms.billing.models import Invoice
from lms.enrolment.models import CourseRun, Enrolment
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAID_MODULE = "/opleidingen/tu-delft/leren-van-pilotprojecten/"
FULL_MODULE = "/opleidingen/platform31/participatie-in-binnenstedelijke-transformatie/"


@pytest.fixture
def demo(programme):
    """The programme content plus the example sellers, as `make run` leaves it."""
    call_command("load_example_sellers", stdout=io.StringIO())


def log_in(browser, email: str, name: str = "login") -> None:
    page = browser.page
    browser.goto("/account/inloggen/", name=name)
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$"))


def pay_on_the_test_checkout(browser, prefix: str) -> None:
    """From "Mijn leeromgeving": Betalen met iDEAL → the test checkout → Betaald → back."""
    page = browser.page
    page.get_by_role("button", name="Betalen met iDEAL").first.click()
    page.wait_for_url(re.compile(r"/facturen/testbetaling/"))
    browser.check(f"{prefix}-test-checkout")
    assert "geen echt geld" in page.locator("main").inner_text()
    page.get_by_role("button", name="Betaald").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check(f"{prefix}-paid")
    assert "Bedankt, we hebben je betaling ontvangen." in page.locator("main").inner_text()


def test_step_1_sign_up_verify_enrol_and_pay(browser, demo):
    page = browser.page
    browser.goto("/")
    page.get_by_role("link", name="Account aanmaken").click()
    browser.check("signup")
    page.fill("#id_first_name", "Anneke")
    page.fill("#id_last_name", "de Vries")
    page.fill("#id_email", "anneke@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Account aanmaken").click()
    browser.check("signup-done")
    link = re.search(r"https?://\S+/account/verifieer/\S+/", mail.outbox[-1].body).group(0)
    page.goto(browser.base_url + link[link.index("/account/") :])
    browser.check("verified")
    log_in(browser, "anneke@example.org")

    browser.goto(PAID_MODULE, name="module")
    page.locator("a.button[href*='/inschrijven/']").first.click()
    page.wait_for_url(re.compile(r"/facturen/afrekenen/"))
    browser.check("checkout")
    assert page.locator("main a[href='/voorwaarden/']").is_visible()  # the accepted terms, linked
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("enrolled")
    invoice = Invoice.objects.get()
    assert invoice.payment_state() == "open"
    assert "VOORBEELD" in page.locator("main").inner_text()  # an example seller's invoice

    pay_on_the_test_checkout(browser, "step1")
    assert invoice.payment_state() == "paid"
    assert Enrolment.objects.get(user__email="anneke@example.org").state == "confirmed"


def test_step_2_full_run_waiting_list_offer_accept_and_pay(
    browser, demo, make_user, programme_team_user
):
    run = CourseRun.objects.get(code="PLF-PAR-01")
    make_user(email="joke@example.org", first_name="Joke", last_name="Bakker")
    page = browser.page
    log_in(browser, "joke@example.org")
    browser.goto(FULL_MODULE, name="full-module")
    button = page.get_by_role("link", name=re.compile("Aanmelden voor de wachtlijst"))
    assert button.count() == 1
    button.click()
    page.wait_for_url(re.compile(r"/facturen/afrekenen/"))
    browser.check("full-checkout")
    assert "Je betaalt pas als je het aanbod aanneemt" in page.locator("main").inner_text()
    page.locator("#id_accept_terms").check()
    page.get_by_role("button", name="Aanmelden voor de wachtlijst").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("waitlisted")
    mine = Enrolment.objects.get(user__email="joke@example.org")
    assert mine.state == Enrolment.State.WAITLISTED and not Invoice.objects.exists()

    # As the README says: staff cancel an example participant's place on the run's
    # participants page in the admin; the freed seat is offered to Joke.
    from django.urls import reverse

    leaving = run.enrolments.filter(state="confirmed").first()
    page.context.clear_cookies()
    log_in(browser, programme_team_user.email, name="staff-login")
    browser.goto(reverse("enrolment_run_participants", args=[run.pk]), name="admin-participants")
    page.locator(f"button[name=cancel][value='{leaving.pk}']").click()
    page.wait_for_load_state()
    leaving.refresh_from_db()
    assert leaving.state == Enrolment.State.CANCELLED
    page.context.clear_cookies()
    log_in(browser, "joke@example.org", name="login-again")
    browser.goto("/mijn/", name="offered")
    page.get_by_role("link", name=re.compile("een plaats voor je beschikbaar")).click()
    page.wait_for_url(re.compile(r"/inschrijven/aanbod/"))
    browser.check("offer")
    page.get_by_role("button", name="Plaats accepteren").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("offer-accepted")
    mine.refresh_from_db()
    assert mine.state == Enrolment.State.CONFIRMED
    invoice = Invoice.objects.get()
    assert invoice.payment_state() == "open"

    pay_on_the_test_checkout(browser, "step2")
    assert invoice.payment_state() == "paid"
