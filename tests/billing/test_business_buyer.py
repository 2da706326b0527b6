"""Issue 13 item 6: a self-employed professional pays as a business (company, address, KvK,
VAT id) and gets a business invoice; consumers' invoices carry their address when given; EU VAT
ids are checked with python-stdnum and, in production, VIES (mocked here; result stored);
remote training to an EU business is reverse-charged, an in-person run in NL is not."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.billing import business, pdf, services
from lms.billing.exceptions import BillingError
from lms.billing.models import CheckoutRecord, Invoice
from tests.billing.test_pdf_layout import text_of

NL_BUSINESS = {
    "kind": "business",
    "company_name": "Bakker Gebiedsadvies",
    "street": "Oudegracht 12",
    "postcode": "3511 AR",
    "city": "Utrecht",
    "country": "NL",
    "kvk_number": "12345678",
    "vat_id": "NL000099998B57",
}
DE_BUSINESS = {
    "kind": "business",
    "company_name": "Stadtwerk Planung GmbH",
    "street": "Hauptstraße 1",
    "postcode": "10115",
    "city": "Berlin",
    "country": "DE",
    "vat_id": "DE136695976",
}


def test_self_employed_gets_a_business_invoice(user, run, seller):
    services.checkout(user, run, accept_terms=True, buyer_details=NL_BUSINESS)
    invoice = Invoice.objects.get()
    buyer = invoice.buyer_data
    assert buyer["name"] == "Bakker Gebiedsadvies" and buyer["kvk_number"] == "12345678"
    assert buyer["vat_id"] == "NL000099998B57" and buyer["street"] == "Oudegracht 12"
    assert buyer["reference"] == user.get_full_name()
    text = " ".join(text_of(pdf.render(invoice)).split())
    assert "Bakker Gebiedsadvies" in text and "KvK: 12345678" in text
    record = CheckoutRecord.objects.get()
    assert record.buyer_data["vat_check"]["vies"] == "not checked"


def test_consumer_invoice_carries_the_address_when_given(user, run, seller):
    details = {"street": "Lange Nieuwstraat 3", "postcode": "3512 PA", "city": "Utrecht"}
    services.checkout(user, run, accept_terms=True, buyer_details=details)
    buyer = Invoice.objects.get().buyer_data
    assert buyer["name"] == user.get_full_name() and buyer["street"] == "Lange Nieuwstraat 3"
    assert not buyer.get("vat_id")


@pytest.mark.parametrize("vat_id", ["NL000099998B58", "DE12345", "XX123456789"])
def test_a_wrong_vat_id_is_refused_and_nothing_happens(user, run, seller, vat_id):
    with pytest.raises(BillingError, match="not a valid EU VAT id"):
        services.checkout(
            user, run, accept_terms=True, buyer_details={**NL_BUSINESS, "vat_id": vat_id}
        )
    assert not Invoice.objects.exists() and not CheckoutRecord.objects.exists()


def test_a_business_needs_its_name_and_address(user, run, seller):
    with pytest.raises(BillingError, match="company name and full address"):
        services.checkout(user, run, accept_terms=True, buyer_details={**NL_BUSINESS, "street": ""})


def test_vies_is_asked_in_production_and_its_answer_stored(
    user, run, seller, settings, monkeypatch
):
    settings.BILLING_VIES_CHECK = True
    asked = []

    def fake_vies(number):
        asked.append(number)
        return {"valid": True, "name": "BAKKER GEBIEDSADVIES"}

    monkeypatch.setattr(business, "_vies", fake_vies)
    services.checkout(user, run, accept_terms=True, buyer_details=NL_BUSINESS)
    check = CheckoutRecord.objects.get().buyer_data["vat_check"]
    assert asked == ["NL000099998B57"]
    assert check["vies"] == "valid" and check["vies_name"] == "BAKKER GEBIEDSADVIES"


def test_vies_refusal_refuses_and_vies_outage_is_recorded(
    user, other_user, run, seller, settings, monkeypatch
):
    settings.BILLING_VIES_CHECK = True
    monkeypatch.setattr(business, "_vies", lambda number: {"valid": False})
    with pytest.raises(BillingError, match="VIES"):
        services.checkout(user, run, accept_terms=True, buyer_details=NL_BUSINESS)

    def down(number):
        raise ConnectionError("VIES down")

    monkeypatch.setattr(business, "_vies", down)
    services.checkout(other_user, run, accept_terms=True, buyer_details=NL_BUSINESS)
    assert CheckoutRecord.objects.get().buyer_data["vat_check"]["vies"] == "unavailable"


def test_remote_training_to_a_german_business_is_reverse_charged(
    user, make_run, make_module, institution, make_seller
):
    make_seller(institution, crkbo=False)
    run = make_run(for_module=make_module(title="Online", slug="online", fmt="online"))
    services.checkout(user, run, accept_terms=True, buyer_details=DE_BUSINESS)
    invoice = Invoice.objects.get()
    line = invoice.lines.get()
    assert (line.vat_category, line.vat_rate) == ("AE", Decimal("0.00"))
    assert invoice.vat_total == Decimal("0.00") and invoice.total == Decimal("495.00")
    assert invoice.buyer_data["vat_id"] == "DE136695976"
    text = " ".join(text_of(pdf.render(invoice)).split())
    assert "verlegd" in text and "DE136695976" in text


def test_in_person_run_for_a_german_business_keeps_dutch_vat(user, run, institution, make_seller):
    make_seller(institution, crkbo=False)
    services.checkout(user, run, accept_terms=True, buyer_details=DE_BUSINESS)
    line = Invoice.objects.get().lines.get()
    assert (line.vat_category, line.vat_rate) == ("S", Decimal("21.00"))


def test_checkout_page_takes_business_details(client, user, run, seller):
    client.force_login(user)
    url = reverse("billing:checkout", args=[run.pk])
    form = {
        "payer": "participant",
        "accept_terms": "on",
        "buyer_kind": "business",
        **{k: v for k, v in NL_BUSINESS.items() if k != "kind"},
    }
    response = client.post(url, {**form, "vat_id": "NL123"})
    assert response.status_code == 200 and not Invoice.objects.exists()
    assert "NL123" in response.content.decode()
    response = client.post(url, form)
    assert response.status_code == 302
    assert Invoice.objects.get().buyer_data["name"] == "Bakker Gebiedsadvies"
