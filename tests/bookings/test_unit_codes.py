"""Issue 13 item 9: trainer days and hours carry their UN/ECE Recommendation 20 unit codes
(DAY, HUR) on the invoice of an accepted quote and in its UBL; other lines stay C62 (one)."""

import datetime as dt
import os

import time_machine
from django.utils import timezone
from lxml import etree

from lms.billing import ubl
from lms.billing.models import Invoice
from lms.bookings import services
from tests.billing.test_ubl import EXAMPLES, assert_valid

AMS = timezone.get_default_timezone()

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}


def test_trainer_days_are_day_and_hours_are_hur(
    make_booking, team, institution, make_seller, billing_profile, module
):
    """Also the committed example ``docs/examples/quote-invoice.xml`` (REGENERATE_EXAMPLES=1
    rewrites it): a quote's invoice with DAY and HUR lines, the PO number given at acceptance
    as BuyerReference, valid under the Peppol and Dutch rules."""
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS), tick=False):
        invoice = _invoice(make_booking, team, institution, make_seller, module)
    assert [line.unit_code for line in invoice.lines.all()] == ["DAY", "HUR", "C62"]
    xml = ubl.build(invoice)
    assert_valid(xml)
    root = etree.fromstring(xml)
    codes = [q.get("unitCode") for q in root.iterfind("cac:InvoiceLine/cbc:InvoicedQuantity", NS)]
    assert codes == ["DAY", "HUR", "C62"]
    assert root.findtext("cbc:BuyerReference", namespaces=NS) == "4500054321"
    path = EXAMPLES / "quote-invoice.xml"
    if os.environ.get("REGENERATE_EXAMPLES") == "1":
        path.write_bytes(xml)
    assert path.read_bytes() == xml, "quote-invoice.xml differs; REGENERATE_EXAMPLES=1 rewrites it"


def _invoice(make_booking, team, institution, make_seller, module):
    make_seller(institution, pk=43)  # fixed: the payment reference uses it
    booking = make_booking()
    services.start_intake(booking, user=team)
    services.assign(booking, user=team, institution=institution, responsible=team)
    quote = services.create_quote(
        booking,
        user=team,
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        lines=[
            {"kind": "trainer_days", "quantity": "2", "unit_price": "1250.00"},
            {"kind": "coaching_hours", "quantity": "6", "unit_price": "145.00"},
            {"kind": "travel", "quantity": "1", "unit_price": "80.00"},
        ],
    )
    token = services.send_quote(quote, user=team)
    services.decide_quote(
        token, accept=True, name="R. Visser", role="Wethouder", po_number="4500054321"
    )
    start = timezone.now() + dt.timedelta(days=3)
    services.create_private_run(
        booking,
        user=team,
        module=module,
        code="P-UNIT",
        capacity=5,
        sessions=[(start, start + dt.timedelta(hours=3))],
    )
    services.mark_delivered(booking, user=team, now=start + dt.timedelta(hours=4))
    services.mark_invoiced(booking, user=team)
    return Invoice.objects.get()
