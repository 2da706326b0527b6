"""Issue 13 item 6 in the browser: a self-employed professional pays as their business at
checkout and gets a business invoice (axe and screenshots at 1280 and 390 px)."""

import re

import pytest
from django.urls import reverse

from lms.billing.models import Invoice
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_self_employed_checks_out_as_a_business(browser, make_user, run, institution, make_seller):
    make_seller(institution)
    person = make_user(email="zzp@example.org", first_name="Joke", last_name="Bakker")
    page = browser.page
    browser.goto("/account/inloggen/", name="login")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    browser.goto(reverse("billing:checkout", args=[run.pk]), name="checkout")
    page.get_by_label("Mijn onderneming").check()
    page.get_by_label("Bedrijfsnaam").fill("Bakker Gebiedsadvies")
    page.get_by_label("Straat en huisnummer").fill("Oudegracht 12")
    page.get_by_label(re.compile(r"^Postcode")).fill("3511 AR")
    page.get_by_label(re.compile(r"^Plaats")).fill("Utrecht")
    page.get_by_label("KvK-nummer").fill("12345678")
    page.get_by_label("btw-identificatienummer").fill("NL000099998B58")
    page.get_by_label("Ik ga akkoord met de algemene voorwaarden").check()
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    page.wait_for_load_state()
    assert "geen geldig EU-btw-identificatienummer" in page.locator("main").inner_text()
    browser.check("checkout-vat-error")
    assert not Invoice.objects.exists()
    page.get_by_label("btw-identificatienummer").fill("NL000099998B57")
    page.get_by_label("Ik ga akkoord met de algemene voorwaarden").check()
    page.get_by_role("button", name="Inschrijving bevestigen").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    buyer = Invoice.objects.get().buyer_data
    assert buyer["name"] == "Bakker Gebiedsadvies" and buyer["vat_id"] == "NL000099998B57"
