"""E-invoices: UBL 2.1 / Peppol BIS Billing 3.0 with the Dutch rules, validated.

Every exported document is checked with ``peppol-ubl-validate`` (the UBL 2.1 XSDs and a subset
of the EN 16931 rules; any fatal finding fails) and with ``lms.billing.ubl_rules`` for NL-R-001
to NL-R-009 and PEPPOL-EN16931-R003/R010/R020. ``docs/examples/`` holds one invoice and one
credit note; set REGENERATE_EXAMPLES=1 to rewrite them.
"""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from lxml import etree
from peppol import check_rules, validate_xsd

from lms.billing import ubl, ubl_rules
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote, Invoice
from lms.enrolment import services as enrolment_services
from lms.enrolment import signals

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
NS = ubl.NS
AMS = timezone.get_default_timezone()


def assert_valid(xml: bytes):
    ok, errors = validate_xsd(xml)
    assert ok, errors
    fatal = [f for f in check_rules(xml) if f.severity == "fatal"]
    assert not fatal, [str(f) for f in fatal]
    assert ubl_rules.check(xml) == []


@pytest.fixture
def batch(make_user, make_module, make_run, institution, make_seller, organisation):
    """Gemeente Utrecht enrols two colleagues in a run of a programme module on 2 March 2026;
    one place is later cancelled and credited."""

    def make(crkbo=True):
        with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS), tick=False):
            make_seller(institution, crkbo=crkbo, pk=41)  # fixed: the payment reference uses it
            module = make_module(
                title="Gebiedstransformatie: van visie tot uitvoering",
                slug="gebiedstransformatie-van-visie-tot-uitvoering",
            )
            run = make_run(
                for_module=module,
                code="TUD-GT-2026-01",
                starts=dt.datetime(2026, 4, 14, 9, 30, tzinfo=AMS),
            )
            people = [
                make_user(email=f"{n}@utrecht.nl", first_name=n.title(), last_name="Visser")
                for n in ("anna", "bert")
            ]
            enrolments = [
                enrolment_services.enrol(p, run, price=run.price, payer="organisation")
                for p in people
            ]
            signals.enrolment_batch_created.send(
                sender=None,
                enrolments=enrolments,
                organisation=organisation,
                user=people[0],
                po_number="4500012345",
            )
            enrolment_services.cancel_enrolment(enrolments[1], user=people[1])
        return Invoice.objects.get(), CreditNote.objects.get()

    return make


def test_batch_signal_gives_one_invoice_for_every_place(batch):
    invoice, note = batch()
    assert invoice.lines.count() == 2 and invoice.total == Decimal("990.00")
    assert invoice.organisation.name == "Gemeente Utrecht" and invoice.po_number == "4500012345"
    assert note.total == Decimal("495.00") and note.invoice == invoice


def test_exported_invoice_and_credit_note_are_valid(batch):
    invoice, note = batch()
    for document in (invoice, note):
        assert_valid(ubl.build(document))


def test_taxed_invoice_is_valid_too(batch):
    invoice, note = batch(crkbo=False)
    assert invoice.vat_total == Decimal("207.90")
    for document in (invoice, note):
        xml = ubl.build(document)
        assert_valid(xml)
        assert b"<cbc:ID>S</cbc:ID>" in xml


def test_ubl_carries_the_dutch_ids_po_and_reference(batch):
    invoice, note = batch()
    root = etree.fromstring(ubl.build(invoice))
    assert root.findtext("cac:OrderReference/cbc:ID", namespaces=NS) == "4500012345"
    endpoint = root.find("cac:AccountingCustomerParty/cac:Party/cbc:EndpointID", NS)
    assert endpoint.get("schemeID") == "0190" and endpoint.text == "00000001002220647000"
    seller = root.find(
        "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID", NS
    )
    assert seller.get("schemeID") == "0106" and seller.text == "27364528"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=NS) == (
        invoice.payment_reference
    )
    credit = etree.fromstring(ubl.build(note))
    path = "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
    assert credit.findtext(path, namespaces=NS) == invoice.number


def test_private_buyers_get_no_e_invoice(user, run, seller, paid_invoice_for):
    with pytest.raises(BillingError, match="organisations only"):
        ubl.build(paid_invoice_for(user, run))


def _mutated(xml: bytes, change) -> bytes:
    root = etree.fromstring(xml)
    change(root)
    return etree.tostring(root)


def _remove(path):
    def change(root):
        for node in root.findall(path, NS):
            node.getparent().remove(node)

    return change


def _set(path, **attrs):
    def change(root):
        node = root.find(path, NS)
        for key, value in attrs.items():
            if key == "text":
                node.text = value
            else:
                node.set(key, value)

    return change


def _add_representative(root):
    party = root.find("cac:AccountingCustomerParty", NS)
    rep = etree.Element(f"{{{NS['cac']}}}TaxRepresentativeParty")
    address = etree.SubElement(rep, f"{{{NS['cac']}}}PostalAddress")
    country = etree.SubElement(address, f"{{{NS['cac']}}}Country")
    etree.SubElement(country, f"{{{NS['cbc']}}}IdentificationCode").text = "NL"
    party.addnext(rep)


def _add_order_line_reference(root):
    line = root.find("cac:InvoiceLine", NS)
    ref = etree.Element(f"{{{NS['cac']}}}OrderLineReference")
    etree.SubElement(ref, f"{{{NS['cbc']}}}LineID").text = "1"
    line.find("cac:InvoicePeriod", NS).addnext(ref)


SUPPLIER = "cac:AccountingSupplierParty/cac:Party"
CUSTOMER = "cac:AccountingCustomerParty/cac:Party"


@pytest.mark.parametrize(
    ("rule", "document", "change"),
    [
        ("NL-R-001", "credit", _remove("cac:BillingReference")),
        ("NL-R-002", "invoice", _remove(f"{SUPPLIER}/cac:PostalAddress/cbc:StreetName")),
        (
            "NL-R-003",
            "invoice",
            _set(f"{SUPPLIER}/cac:PartyLegalEntity/cbc:CompanyID", schemeID="0088"),
        ),
        ("NL-R-004", "invoice", _remove(f"{CUSTOMER}/cac:PostalAddress/cbc:PostalZone")),
        (
            "NL-R-005",
            "invoice",
            _set(f"{CUSTOMER}/cac:PartyLegalEntity/cbc:CompanyID", schemeID="9944"),
        ),
        ("NL-R-006", "invoice", _add_representative),
        ("NL-R-007", "invoice", _remove("cac:PaymentMeans")),
        ("NL-R-008", "invoice", _set("cac:PaymentMeans/cbc:PaymentMeansCode", text="31")),
        (
            "NL-R-009",
            "invoice",
            lambda r: (_remove("cac:OrderReference")(r), _add_order_line_reference(r)),
        ),
        (
            "PEPPOL-EN16931-R003",
            "invoice",
            lambda r: (_remove("cac:OrderReference")(r), _remove("cbc:BuyerReference")(r)),
        ),
        ("PEPPOL-EN16931-R010", "invoice", _remove(f"{CUSTOMER}/cbc:EndpointID")),
        ("PEPPOL-EN16931-R020", "invoice", _remove(f"{SUPPLIER}/cbc:EndpointID")),
    ],
)
def test_each_dutch_and_peppol_rule_catches_its_breach(batch, rule, document, change):
    invoice, note = batch()
    xml = ubl.build(note if document == "credit" else invoice)
    assert ubl_rules.check(xml) == []
    assert rule in ubl_rules.check(_mutated(xml, change))


def test_committed_examples_are_what_the_code_exports(batch):
    invoice, note = batch()
    documents = {"invoice.xml": ubl.build(invoice), "credit-note.xml": ubl.build(note)}
    for name, xml in documents.items():
        assert_valid(xml)
        path = EXAMPLES / name
        if os.environ.get("REGENERATE_EXAMPLES") == "1":
            path.write_bytes(xml)
        assert path.read_bytes() == xml, f"{name} differs; REGENERATE_EXAMPLES=1 rewrites it"
