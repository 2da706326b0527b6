"""Issue 13 item 5: one price everywhere.

The organisation portal's batch enrolment is priced by the same function as checkout (member
price, early-bird, discount codes), requires a PO number when the organisation says so and
carries the cost centre; a batch of several places is one invoice with VAT on its subtotal;
the UBL BuyerReference is the PO number or the contact's reference, never the buyer's name;
professionals see prices including VAT.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from lms.accounts.models import OrganisationMembership
from lms.billing import batch_checkout, pricing, services, shown_prices, ubl
from lms.billing.exceptions import BillingError
from lms.billing.models import CheckoutRecord, DiscountCode, Invoice, RunPricing
from lms.enrolment.models import Enrolment

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


@pytest.fixture
def contact(make_user, organisation):
    person = make_user(email="inkoop@utrecht.nl", first_name="Ilse", last_name="Inkoop")
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status="approved"
    )
    return person


@pytest.fixture
def colleagues(make_user):
    return [make_user(email=f"collega{i}@utrecht.nl") for i in range(3)]


def test_portal_batch_gets_member_early_bird_and_discount_like_checkout(
    client, contact, organisation, colleagues, run, seller
):
    rule = RunPricing.objects.create(
        run=run,
        early_bird_price=Decimal("445.00"),
        early_bird_until=timezone.now() + dt.timedelta(days=3),
        member_price=Decimal("425.00"),
    )
    rule.member_organisations.add(organisation)
    DiscountCode.objects.create(code="GEBIED10", kind="percent", value=Decimal("10"))
    client.force_login(contact)
    response = client.post(
        reverse("portal:organisation", args=[organisation.pk]),
        {
            "run": run.pk,
            "emails": "\n".join(c.email for c in colleagues),
            "po_number": "4500012345",
            "cost_centre": "RO-9999",
            "reference": "Project Stationsgebied",
            "discount_code": "gebied10",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    expected = pricing.quote(colleagues[0], run, organisation=organisation, discount_code="")
    assert expected.net == Decimal("425.00") and expected.reason == "member"
    places = Enrolment.objects.filter(run=run).order_by("pk")
    assert [p.price for p in places] == [Decimal("382.50")] * 3  # 425.00 less 10 %
    records = CheckoutRecord.objects.filter(enrolment__in=places)
    assert {(r.po_number, r.cost_centre, r.price_reason) for r in records} == {
        ("4500012345", "RO-9999", "discount")
    }
    assert all(r.discount_code.code == "GEBIED10" for r in records)
    invoice = Invoice.objects.get()
    assert invoice.po_number == "4500012345"
    assert invoice.buyer_data["cost_centre"] == "RO-9999"
    assert invoice.net_total == Decimal("1147.50")


def test_batch_requires_a_po_number_when_the_organisation_says_so(
    client, contact, organisation, colleagues, run, seller
):
    organisation.billing_profile.po_number_required = True
    organisation.billing_profile.save()
    with pytest.raises(BillingError, match="purchase-order number"):
        batch_checkout.checkout_batch(contact, organisation, run, [colleagues[0].email])
    assert not Enrolment.objects.exists() and not Invoice.objects.exists()
    client.force_login(contact)
    response = client.post(
        reverse("portal:organisation", args=[organisation.pk]),
        {"run": run.pk, "emails": colleagues[0].email},
    )
    assert response.status_code == 200
    assert "vereist een inkoopordernummer" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_checkout_refuses_a_missing_po_number_through_the_same_rule(
    civil_servant, organisation, run, seller
):
    organisation.billing_profile.po_number_required = True
    organisation.billing_profile.save()
    with pytest.raises(BillingError, match="purchase-order number"):
        services.checkout(
            civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
        )


def test_discount_usage_limit_counts_every_place_of_a_batch(contact, organisation, run, seller):
    DiscountCode.objects.create(code="TWEE", kind="amount", value=Decimal("50"), usage_limit=2)
    with pytest.raises(BillingError, match="used up"):
        batch_checkout.checkout_batch(
            contact,
            organisation,
            run,
            ["a@utrecht.nl", "b@utrecht.nl", "c@utrecht.nl"],
            discount_code="TWEE",
        )
    assert not Enrolment.objects.exists()


def test_batch_of_three_taxed_places_is_one_invoice_with_vat_on_its_subtotal(
    contact, organisation, make_run, institution, make_seller
):
    make_seller(institution, crkbo=False)
    run = make_run(price=Decimal("445.50"))
    batch_checkout.checkout_batch(
        contact, organisation, run, ["a@utrecht.nl", "b@utrecht.nl", "c@utrecht.nl"]
    )
    invoice = Invoice.objects.get()
    assert invoice.lines.count() == 3
    # 21 % of 1336.50 = 280.665 → 280.67; per line it would be 3 × 93.56 = 280.68.
    assert invoice.vat_total == Decimal("280.67")
    assert invoice.total == Decimal("1617.17")


def _buyer_reference(invoice) -> str:
    root = etree.fromstring(ubl.build(invoice))
    return root.findtext("cbc:BuyerReference", namespaces=NS)


def test_buyer_reference_is_the_po_number(contact, organisation, run, seller):
    batch_checkout.checkout_batch(
        contact, organisation, run, ["a@utrecht.nl"], po_number="4500077777"
    )
    assert _buyer_reference(Invoice.objects.get()) == "4500077777"


def test_buyer_reference_without_po_is_the_contacts_reference_never_the_name(
    contact, organisation, run, seller
):
    batch_checkout.checkout_batch(
        contact, organisation, run, ["a@utrecht.nl"], reference="Project Stationsgebied"
    )
    first = Invoice.objects.get()
    assert _buyer_reference(first) == "Project Stationsgebied"
    batch_checkout.checkout_batch(contact, organisation, run, ["b@utrecht.nl"])
    second = Invoice.objects.exclude(pk=first.pk).get()
    assert _buyer_reference(second) == "Ilse Inkoop"
    assert _buyer_reference(second) != organisation.name


def test_member_checkout_bills_the_organisation_with_reference(
    civil_servant, organisation, run, seller
):
    services.checkout(
        civil_servant,
        run,
        accept_terms=True,
        payer="organisation",
        organisation=organisation,
        cost_centre="RO-1",
    )
    invoice = Invoice.objects.get()
    assert _buyer_reference(invoice) == "Joke Bakker"
    assert invoice.buyer_data["cost_centre"] == "RO-1"


def test_shown_price_includes_vat_for_professionals(run, institution, make_seller):
    make_seller(institution, crkbo=False)
    shown = shown_prices.shown_price(run)
    assert shown.gross == Decimal("598.95") and shown.net == Decimal("495.00")
    assert shown.vat == Decimal("103.95") and shown.vat_rate == Decimal("21.00")


def test_shown_price_of_an_exempt_run_is_the_net_price(run, seller):
    shown = shown_prices.shown_price(run)
    assert shown.gross == shown.net == Decimal("495.00") and not shown.taxed


def test_module_page_and_catalogue_card_show_the_price_including_vat(
    client, run, institution, make_seller, catalogue
):
    make_seller(institution, crkbo=False)
    page = client.get(run.module.url).content.decode()
    assert "598,95" in page and "€ 495,00 netto + € 103,95 btw" in page
    assert "incl. 21% btw" in page
    card = client.get(catalogue.url).content.decode()
    assert "598,95" in card and "incl. 21% btw" in card
