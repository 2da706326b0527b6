"""An organisation contact in the browser: enrols two colleagues by e-mail address in a free
run through the organisation portal, sees both in the organisation's list, and the colleague
without an account claims the place through the invitation link in the outbox. axe checks
every page on the way (see conftest)."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from lms.enrolment.models import Enrolment
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE_TITLE = "Financiën en businesscases in gebiedsontwikkeling"
KNOWN = "j.bakker@utrecht.nl"  # has a verified account: confirmed at once
INVITED = "s.devries@utrecht.nl"  # has no account: invited, claims the place


@pytest.fixture
def contact_of_utrecht(programme, make_user, programme_team_user):
    """An approved contact of Gemeente Utrecht (asked for the role, the team approved it)."""
    from lms.accounts import services
    from lms.accounts.models import Organisation, OrganisationDomain

    organisation = Organisation.objects.create(
        name="Gemeente Utrecht", kind="municipality", oin="00000001002220647000"
    )
    OrganisationDomain.objects.create(organisation=organisation, domain="utrecht.nl")
    contact = make_user(email="r.hendriks@utrecht.nl", first_name="Ruud", last_name="Hendriks")
    membership = services.request_contact_role(contact, organisation, job_title="Opleidingen")
    services.decide_membership(membership, approve=True, by=programme_team_user)
    return contact, organisation


@pytest.fixture
def free_run(programme, make_run):
    """A free (price 0) run of a programme module, open for enrolment."""
    from courses.models import CourseModulePage

    module = CourseModulePage.objects.get(title=MODULE_TITLE)
    return make_run(for_module=module, code="TUD-FIN-GRATIS", price=Decimal("0.00"), capacity=12)


def log_in(browser, email: str, name: str) -> None:
    browser.goto("/account/inloggen/", name=name)
    browser.page.fill("#id_username", email)
    browser.page.fill("#id_password", PASSWORD)
    browser.page.get_by_role("button", name="Inloggen").last.click()
    browser.page.wait_for_url(re.compile(r"/mijn/$"))


def test_contact_enrols_two_colleagues_and_one_claims_by_invitation(
    browser, contact_of_utrecht, free_run, make_user
):
    contact, organisation = contact_of_utrecht
    make_user(email=KNOWN, first_name="Joke", last_name="Bakker")
    page = browser.page

    log_in(browser, contact.email, "contact-login")
    browser.check("contact-dashboard")
    page.get_by_role("link", name="Gemeente Utrecht").click()
    page.wait_for_url(re.compile(rf"/mijn/organisatie/{organisation.pk}/$"))
    browser.check("organisation-portal")
    assert page.locator("main table").count() == 0
    # An empty required field is not painted in the error colour before anyone typed.
    border = "el => getComputedStyle(el).borderTopColor"
    assert page.eval_on_selector("#id_emails", border) == page.eval_on_selector("#id_run", border)

    # The organisation booked nothing yet, so the list is empty: the run is typed by its code.
    page.fill("#id_run_code", free_run.code)
    page.fill("#id_emails", f"{KNOWN}\n{INVITED}")
    page.locator("#batch-heading + form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/mijn/organisatie/{organisation.pk}/$"))
    browser.check("organisation-batch-enrolled")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    listed = rows.all_inner_texts()
    # Each row's buttons say whose place they act on.
    assert page.get_by_role("link", name="Inschrijving annuleren… (Joke Bakker)").count() == 1
    assert any(KNOWN in row and "Bevestigd" in row for row in listed), listed
    assert any(INVITED in row and "In afwachting" in row for row in listed), listed
    states = dict(
        Enrolment.objects.filter(organisation=organisation).values_list("user__email", "state")
    )
    assert states == {KNOWN: Enrolment.State.CONFIRMED, INVITED: Enrolment.State.PENDING}
    # A free batch is not invoiced, and every place is the organisation's.
    assert not Enrolment.objects.filter(organisation=organisation, invoice_lines__isnull=False)
    assert set(Enrolment.objects.filter(run=free_run).values_list("price", flat=True)) == {
        Decimal("0.00")
    }

    # The invited colleague opens the link from the invitation, without being logged in.
    page.context.clear_cookies()
    invitation = next(m for m in mail.outbox if m.to == [INVITED])
    link = re.search(r"https?://\S+(/inschrijven/plaats/\S+/)", invitation.body).group(1)
    browser.goto(link, name="claim")
    assert "Gemeente Utrecht" in page.locator("main").inner_text()
    # Bad input first: a password that is too short is refused next to its field.
    page.fill("#id_first_name", "Sanne")
    page.fill("#id_last_name", "de Vries")
    page.fill("#id_password", "kort")
    page.locator("main form button[type=submit]").click()
    browser.check("claim-error")
    field = page.locator("#id_password")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_password_error" in field.get_attribute("aria-describedby")
    assert page.locator("#id_password_error").is_visible()
    assert Enrolment.objects.get(user__email=INVITED).state == Enrolment.State.PENDING

    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.check("claimed-dashboard")
    assert page.locator("main table tbody tr", has_text=MODULE_TITLE).count() == 1
    claimed = Enrolment.objects.select_related("user").get(user__email=INVITED)
    assert claimed.state == Enrolment.State.CONFIRMED
    assert claimed.user.get_full_name() == "Sanne de Vries"
    assert claimed.user.check_password(PASSWORD)
