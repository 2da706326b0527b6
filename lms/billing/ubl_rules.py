"""The Dutch (NL CIUS) and three Peppol rules of Peppol BIS Billing 3.0 that
``peppol-ubl-validate`` does not check, written from the published rule texts.

:func:`check` returns the ids of the rules a UBL document breaks (empty list: none).

- NL-R-001: a credit note from a Dutch supplier refers to the invoice
  (``cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID``).
- NL-R-002: the Dutch supplier's address has street, city and postcode.
- NL-R-003: the Dutch supplier's legal entity id is a KvK (0106) or OIN (0190) number.
- NL-R-004: a Dutch customer's address has street, city and postcode.
- NL-R-005: a Dutch customer's legal entity id is a KvK (0106) or OIN (0190) number.
- NL-R-006: a Dutch fiscal representative's address has street, city and postcode.
- NL-R-007: the supplier gives a payment means (``cac:PaymentMeans``) (invoices).
- NL-R-008: a payment means code is one of 30, 48, 49, 57, 58, 59.
- NL-R-009: an order line reference requires an order reference (``cac:OrderReference/cbc:ID``).
- PEPPOL-EN16931-R003: a buyer reference or purchase order reference is given.
- PEPPOL-EN16931-R010: the buyer's electronic address (``cbc:EndpointID``) is given.
- PEPPOL-EN16931-R020: the seller's electronic address (``cbc:EndpointID``) is given.
"""

from lxml import etree

from .ubl import NS

ALLOWED_MEANS = {"30", "48", "49", "57", "58", "59"}
ADDRESS_PARTS = ("cbc:StreetName", "cbc:CityName", "cbc:PostalZone")


def _text(node, path) -> str:
    found = node.find(path, NS) if node is not None else None
    return (found.text or "").strip() if found is not None and found.text else ""


def _has_address(party) -> bool:
    address = party.find("cac:PostalAddress", NS) if party is not None else None
    return address is not None and all(_text(address, p) for p in ADDRESS_PARTS)


def _is_nl(party) -> bool:
    return _text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode") == "NL"


def _legal_scheme(party) -> str:
    node = party.find("cac:PartyLegalEntity/cbc:CompanyID", NS) if party is not None else None
    return node.get("schemeID", "") if node is not None else ""


def check(xml: bytes) -> list[str]:
    """Rule ids broken by the UBL ``xml`` (Invoice or CreditNote)."""
    root = etree.fromstring(xml)
    is_credit = etree.QName(root).localname == "CreditNote"
    supplier = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    customer = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    broken = []
    supplier_nl = supplier is not None and _is_nl(supplier)
    if supplier_nl:
        if is_credit and not _text(
            root, "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"
        ):
            broken.append("NL-R-001")
        if not _has_address(supplier):
            broken.append("NL-R-002")
        if _legal_scheme(supplier) not in ("0106", "0190"):
            broken.append("NL-R-003")
        if customer is not None and _is_nl(customer):
            if not _has_address(customer):
                broken.append("NL-R-004")
            if _legal_scheme(customer) not in ("0106", "0190"):
                broken.append("NL-R-005")
        representative = root.find("cac:TaxRepresentativeParty", NS)
        if representative is not None and _is_nl(representative):
            if not _has_address(representative):
                broken.append("NL-R-006")
        means = root.findall("cac:PaymentMeans", NS)
        if not is_credit and not means:
            broken.append("NL-R-007")
        if any(_text(m, "cbc:PaymentMeansCode") not in ALLOWED_MEANS for m in means):
            broken.append("NL-R-008")
        line_refs = root.findall(".//cac:OrderLineReference/cbc:LineID", NS)
        if line_refs and not _text(root, "cac:OrderReference/cbc:ID"):
            broken.append("NL-R-009")
    if not _text(root, "cbc:BuyerReference") and not _text(root, "cac:OrderReference/cbc:ID"):
        broken.append("PEPPOL-EN16931-R003")
    if not _text(customer, "cbc:EndpointID"):
        broken.append("PEPPOL-EN16931-R010")
    if not _text(supplier, "cbc:EndpointID"):
        broken.append("PEPPOL-EN16931-R020")
    return broken
