"""The README's "Try the whole way once", step by step in the browser, each to its end.

Step 1: sign up → verify → enrol in a paid run → pay on the fake provider's test checkout page
→ the invoice is paid. Step 2: the full run of the programme content (PLF-PAR-01) → waiting
list → a seat frees up → offer → accept → invoice → pay. Step 3: a municipality's contact
requests a tailored training → staff link it to the organisation → quote → the contact accepts
it → private run → the contact finds it with its invite link → a colleague enrols. The editor
step: the programme team invites an editor → the mail's link → name and password → second
factor → the editor edits a module page and submits it → the team approves. All use the
example seller profiles that `make run` loads (`load_example_sellers`). axe checks every page;
screenshots at 390 and 1280 px land in test-output/screenshots/ (see conftest)."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from lms.billing.models import Invoice
from lms.enrolment.models import CourseRun, Enrolment
from tests import second_factor
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


def shoot(browser, name: str) -> None:
    """Screenshots only, for Wagtail's own page editor: axe finds serious violations in
    Wagtail's editor widgets (Draftail, StreamField, tag autocomplete), which are Wagtail's
    to fix; our pages all go through ``browser.check``."""
    from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS

    slug = re.sub(r"[^a-z0-9]+", "-", f"{browser.test_name}-{name}".lower()).strip("-")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in (DESKTOP, PHONE):
        browser.page.set_viewport_size({"width": width, "height": height})
        browser.page.screenshot(path=SCREENSHOTS / f"{slug}-{width}.png", full_page=True)
    browser.page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})


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
    second_factor.pass_in_browser(browser, programme_team_user)
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


def test_step_3_contact_request_quote_private_run_colleague_enrols(
    browser, demo, make_user, programme_team_user
):
    import datetime as dt
    from decimal import Decimal

    from django.urls import reverse
    from django.utils import timezone

    from courses.models import CourseModulePage, InstitutionPage
    from lms.accounts.models import Organisation, OrganisationMembership
    from lms.bookings.models import BookingRequest

    zwolle = Organisation.objects.create(name="Gemeente Zwolle", kind="municipality")
    contact = make_user(email="f.elamrani@zwolle.example", first_name="Fatima", last_name="Amrani")
    OrganisationMembership.objects.create(
        user=contact,
        organisation=zwolle,
        role=OrganisationMembership.Role.CONTACT,
        status=OrganisationMembership.Status.APPROVED,
    )
    page = browser.page
    log_in(browser, contact.email)

    # The contact requests a tailored training under another spelling: it is not matched.
    browser.goto("/maatwerk/training-op-maat/", name="format")
    start = timezone.localdate() + dt.timedelta(days=60)
    page.fill("#id_organisation_name", "Gem. Zwolle, afdeling Ruimte")
    page.select_option("#id_organisation_kind", "municipality")
    page.fill("#id_oin", "00000001001234567000")
    page.fill("#id_contact_name", "Fatima Amrani")
    page.fill("#id_contact_email", contact.email)
    page.get_by_label(re.compile("Ambtenaren")).check()
    page.fill("#id_expected_participants", "12")
    page.fill("#id_preferred_start", start.isoformat())
    page.fill("#id_preferred_end", (start + dt.timedelta(days=30)).isoformat())
    page.select_option("#id_place", "own_premises")
    page.fill("#id_question", "Een training over participatie voor ons projectteam.")
    page.locator(".booking-form form button[type=submit]").click()
    page.wait_for_url(re.compile(r"bedankt/$"))
    browser.check("format-thanks")
    booking = BookingRequest.objects.get()
    assert booking.organisation is None

    # The programme team links it to Gemeente Zwolle in the admin, then quotes.
    page.context.clear_cookies()
    log_in(browser, programme_team_user.email, name="staff-login")
    second_factor.pass_in_browser(browser, programme_team_user)
    browser.goto(reverse("bookings_manage", args=[booking.pk]), name="admin-booking")
    page.select_option("#id_link-organisation", str(zwolle.pk))
    page.get_by_role("button", name="Aan deze organisatie koppelen").click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.organisation == zwolle
    platform31 = InstitutionPage.objects.get(code="PLF")
    manage = reverse("bookings_manage", args=[booking.pk])
    page.get_by_role("button", name="Intake starten").click()
    page.wait_for_load_state()
    page.select_option("#id_assign-institution", str(platform31.pk))
    page.locator("form:has(#id_assign-institution)").get_by_role("button").click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.state == BookingRequest.State.INTAKE and booking.institution_id == platform31.pk
    # A new quote in the admin's quote form, then "Send" on the booking's page.
    page.get_by_role("link", name="Nieuwe offerte").click()
    page.wait_for_load_state()
    browser.check("admin-new-quote")
    page.select_option("#id_booking", str(booking.pk))
    valid = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    page.fill("#id_valid_until", valid)
    page.keyboard.press("Escape")
    page.select_option("#id_lines-0-kind", "trainer_days")
    page.fill("#id_lines-0-quantity", "2")
    page.fill("#id_lines-0-unit_price", "1250.00")
    page.locator("form[action*='/quote/'] button[type=submit]:visible").first.click()
    page.wait_for_load_state()
    quote = booking.quotes.get()
    assert quote.lines.get().unit_price == Decimal("1250.00")
    browser.goto(manage, name="admin-booking-quoted")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_load_state()
    quote.refresh_from_db()
    assert quote.state == quote.State.SENT

    # The contact accepts the quote through the link in the e-mail.
    link = re.search(r"https?://\S+/mijn/offerte/\S+/", mail.outbox[-1].body).group(0)
    page.context.clear_cookies()
    log_in(browser, contact.email, name="contact-login")
    page.goto(browser.base_url + link[link.index("/mijn/") :])
    browser.check("quote-decide")
    page.fill("#id_name", "Fatima Amrani")
    page.fill("#id_role", "Teamleider Ruimte")
    page.locator("input[name=decision][value=accept]").check()
    page.get_by_role("button", name="Besluit versturen").click()
    page.wait_for_load_state()
    browser.check("quote-accepted")
    booking.refresh_from_db()
    assert booking.state == BookingRequest.State.ACCEPTED
    assert any("aangenomen" in m.subject for m in mail.outbox if m.to == [contact.email])

    # The team schedules the private run; the contact finds it and its invite link.
    module = CourseModulePage.objects.get(slug="participatie-in-binnenstedelijke-transformatie")
    first = timezone.now() + dt.timedelta(days=40)
    page.context.clear_cookies()
    log_in(browser, programme_team_user.email, name="staff-login-again")
    second_factor.pass_in_browser(browser, programme_team_user)
    browser.goto(manage, name="admin-booking-accepted")
    page.select_option("#id_run-module", str(module.pk))
    page.fill("#id_run-code", "ZWO-PAR-01")
    page.fill("#id_run-capacity", "12")
    page.fill("#id_run-first_session", timezone.localtime(first).strftime("%Y-%m-%d %H:%M"))
    page.fill("#id_run-hours_per_session", "3")
    page.fill("#id_run-session_count", "1")
    page.get_by_role("button", name="Besloten uitvoering aanmaken").click()
    page.wait_for_load_state()
    run = booking.__class__.objects.get(pk=booking.pk).run
    assert run is not None and run.code == "ZWO-PAR-01"
    page.context.clear_cookies()
    log_in(browser, contact.email, name="contact-login-again")
    assert any(run.invite_code in m.body for m in mail.outbox if m.to == [contact.email])
    browser.goto("/mijn/", name="contact-dashboard")
    page.get_by_role("link", name="Aanvragen, offertes en besloten uitvoeringen").click()
    page.wait_for_url(re.compile(r"/mijn/boekingen/$"))
    browser.check("contact-bookings")
    page.locator(f"main a[href='{reverse('portal:booking', args=[booking.pk])}']").click()
    page.wait_for_load_state()
    browser.check("contact-booking")
    invite = page.locator("a.invite-link").get_attribute("href")
    browser.goto(reverse("portal:organisation", args=[zwolle.pk]), name="organisation-portal")
    assert "ZWO-PAR-01" in page.locator("main").inner_text()

    # A colleague takes a seat through the invite link.
    make_user(email="k.bos@zwolle.example", first_name="Kees", last_name="Bos")
    page.context.clear_cookies()
    log_in(browser, "k.bos@zwolle.example", name="colleague-login")
    page.goto(browser.base_url + invite[invite.index("/inschrijven/") :])
    browser.check("invite")
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("colleague-enrolled")
    assert run.enrolments.get().user.email == "k.bos@zwolle.example"

    page.context.clear_cookies()
    log_in(browser, contact.email, name="contact-again")
    browser.goto(reverse("portal:booking", args=[booking.pk]), name="contact-participants")
    assert "Kees Bos" in page.locator("ul.participants").inner_text()


def test_step_institution_editor_invited_edits_submits_and_the_team_approves(
    browser, demo, programme_team_user
):
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from courses.models import CourseModulePage, InstitutionPage
    from lms.accounts.models import User

    module = CourseModulePage.objects.get(slug="leren-van-pilotprojecten")
    tud = InstitutionPage.objects.get(code="TUD")
    page = browser.page

    # As the README says: the programme team invites the editor (Uitnodigingen → Uitnodigen).
    log_in(browser, programme_team_user.email, name="team-invites-login")
    second_factor.pass_in_browser(browser, programme_team_user)
    browser.goto(reverse("accounts_staff_invitations"), name="invitations")
    page.locator("main").get_by_role("link", name="Uitnodigen").click()
    page.wait_for_url(re.compile(r"/beheer/uitnodigingen/nieuw/"))
    page.fill("#id_email", "redacteur@tudelft.example")
    page.select_option("#id_role", "editor")
    page.select_option("#id_institution", str(tud.pk))
    browser.check("invitation-form")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url(re.compile(r"/beheer/uitnodigingen/$"))
    assert "Uitnodiging verstuurd naar redacteur@tudelft.example" in page.content()
    # Checked once Wagtail's success message is gone: axe measures its fade-in mid-way.
    browser.goto(reverse("accounts_staff_invitations"), name="invitation-sent")
    assert "redacteur@tudelft.example" in page.locator("main table").inner_text()

    # The editor, in their own browser, opens the mail's link, chooses a password and sets up
    # the second factor.
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["redacteur@tudelft.example"]
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", invitation_mail.body).group(0)
    team_page = page
    page = browser.page = page.context.browser.new_context().new_page()
    page.on("console", browser._console)
    page.set_default_timeout(15_000)
    page.goto(browser.base_url + link[link.index("/account/") :])
    browser.check("invitation-accept")
    assert "TU Delft" in page.locator("main").inner_text()
    page.fill("#id_first_name", "Rita")
    page.fill("#id_last_name", "Redacteur")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Account aanmaken en aannemen").click()
    page.wait_for_url(re.compile(r"/account/tweestaps/instellen/"))
    browser.check("editor-second-factor-setup")
    editor = User.objects.get(email="redacteur@tudelft.example")
    assert list(editor.groups.values_list("name", flat=True)) == ["TU Delft – redacteuren"]
    page.fill("#id_code", second_factor.current_code(TOTPDevice.objects.get(user=editor)))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    browser.check("editor-recovery-codes")
    page.get_by_role("link", name="Verder").click()
    page.wait_for_url(re.compile(r"/beheer/$"))
    shoot(browser, "editor-admin-home")
    page.goto(browser.base_url + link[link.index("/account/") :])  # the link is used up
    browser.check("invitation-used")
    assert "al gebruikt" in page.locator("main").inner_text()

    # The editor edits the institution's module page and submits it for moderation.
    page.goto(browser.base_url + reverse("wagtailadmin_pages:edit", args=[module.pk]))
    shoot(browser, "editor-edit")
    page.fill("#id_summary", "Lessen uit de pilotprojecten, bijgewerkt door de redactie.")
    # "Submit for moderation" sits in the footer's dropdown; its button is action-submit.
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-submit]').click()")
    shoot(browser, "editor-submitted")
    module.refresh_from_db()
    state = module.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert module.summary != "Lessen uit de pilotprojecten, bijgewerkt door de redactie."

    # The programme team, still logged in, approves.
    page.context.close()
    page = browser.page = team_page
    page.goto(browser.base_url + "/beheer/")
    shoot(browser, "team-dashboard")
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[module.pk, "approve", task_state.pk])
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token, comment: 'Mooi.'});
            const response = await fetch(url, {method: 'POST', body});
            return response.status;
        }""",
        url,
    )
    assert status in (200, 302)
    module.refresh_from_db()
    assert module.live
    assert module.summary == "Lessen uit de pilotprojecten, bijgewerkt door de redactie."
    browser.goto(module.url, name="module-approved")
    assert "bijgewerkt door de redactie" in page.locator("main").inner_text()
