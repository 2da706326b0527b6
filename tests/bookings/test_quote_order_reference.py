"""Issue 13 item 5: an accepted quote's invoice carries the organisation's PO number / order
reference, the PO rule of the organisation applies at acceptance, and the e-invoice's
BuyerReference is the PO number or the contact's reference, never the buyer's name."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from lms.billing import ubl
from lms.billing.models import Invoice
from lms.bookings import services
from lms.bookings.exceptions import BookingError

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"


def _deliver(booking, team, module):
    start = timezone.now() + dt.timedelta(days=3)
    services.create_private_run(
        booking,
        user=team,
        module=module,
        code=f"P-{booking.pk}",
        capacity=5,
        sessions=[(start, start + dt.timedelta(hours=3))],
    )
    services.mark_delivered(booking, user=team, now=start + dt.timedelta(hours=4))
    services.mark_invoiced(booking, user=team)
    return Invoice.objects.get()


def test_po_number_given_at_acceptance_is_on_the_invoice_and_its_ubl(
    quoted, team, module, institution, make_seller, billing_profile
):
    make_seller(institution)
    booking, quote, token = quoted()
    services.decide_quote(
        token, accept=True, name="R. Visser", role="Wethouder", po_number="4500099999"
    )
    quote.refresh_from_db()
    assert quote.po_number == "4500099999"
    invoice = _deliver(booking, team, module)
    assert invoice.po_number == "4500099999"
    root = etree.fromstring(ubl.build(invoice))
    assert root.findtext(f"{CBC}BuyerReference") == "4500099999"


def test_without_po_the_buyer_reference_is_the_contact_not_the_organisation(
    quoted, team, module, institution, make_seller, billing_profile
):
    make_seller(institution)
    booking, quote, token = quoted()
    services.decide_quote(token, accept=True, name="R. Visser", role="Wethouder")
    invoice = _deliver(booking, team, module)
    root = etree.fromstring(ubl.build(invoice))
    assert root.findtext(f"{CBC}BuyerReference") == "Ria Visser"
    assert invoice.buyer_data["name"] == "Gemeente Utrecht"


def test_acceptance_needs_a_po_number_when_the_organisation_requires_one(
    client, quoted, billing_profile
):
    billing_profile.po_number_required = True
    billing_profile.save()
    booking, quote, token = quoted()
    with pytest.raises(BookingError, match="purchase-order number"):
        services.decide_quote(token, accept=True, name="R. Visser", role="Wethouder")
    quote.refresh_from_db()
    assert quote.state == "sent"
    url = reverse("portal:quote_decide", args=[token])
    response = client.post(url, {"name": "R. Visser", "role": "Wethouder", "decision": "accept"})
    assert "vereist een inkoopordernummer" in response.content.decode()
    response = client.post(
        url,
        {"name": "R. Visser", "role": "Wethouder", "decision": "accept", "po_number": "45001"},
    )
    quote.refresh_from_db()
    assert quote.state == "accepted" and quote.po_number == "45001"
