"""E-invoices: UBL 2.1 following Peppol BIS Billing 3.0 with the Dutch (NL CIUS) rules.

Built from the same saved data as the PDF (the copied seller and buyer, the lines, the VAT
breakdown). UBL is an ordered schema: elements are appended in the sequence the XSD declares.
Legal ids: KvK (scheme 0106) or OIN (scheme 0190), which Peppol also uses as electronic address.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from .exceptions import BillingError

CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
NS = {
    "Invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "CreditNote": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
KVK_SCHEME, OIN_SCHEME = "0106", "0190"
#: UNCL 4461: 58 = SEPA credit transfer (allowed by NL-R-008).
PAYMENT_MEANS_SEPA = "58"
CURRENCY = "EUR"


def _el(parent, tag: str, text=None, **attrs):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{name}", **attrs)
    if text is not None:
        element.text = str(text)
    return element


def _amount(parent, tag, value):
    return _el(parent, tag, f"{Decimal(value):.2f}", currencyID=CURRENCY)


def _legal_id(data: dict) -> tuple[str, str]:
    if data.get("oin"):
        return data["oin"], OIN_SCHEME
    if data.get("kvk_number"):
        return data["kvk_number"], KVK_SCHEME
    raise BillingError(
        _("%(name)s has no KvK number or OIN; no e-invoice can be made.")
        % {"name": data.get("legal_name") or data.get("name")}
    )


def _party(parent, tag: str, data: dict):
    party = _el(_el(parent, tag), "cac:Party")
    legal_id, scheme = _legal_id(data)
    _el(party, "cbc:EndpointID", legal_id, schemeID=scheme)
    name = data.get("legal_name") or data["name"]
    _el(_el(party, "cac:PartyName"), "cbc:Name", name)
    address = _el(party, "cac:PostalAddress")
    _el(address, "cbc:StreetName", data.get("street", ""))
    _el(address, "cbc:CityName", data.get("city", ""))
    _el(address, "cbc:PostalZone", data.get("postcode", ""))
    _el(_el(address, "cac:Country"), "cbc:IdentificationCode", data.get("country") or "NL")
    if data.get("vat_id"):
        tax = _el(party, "cac:PartyTaxScheme")
        _el(tax, "cbc:CompanyID", data["vat_id"])
        _el(_el(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _el(party, "cac:PartyLegalEntity")
    _el(legal, "cbc:RegistrationName", name)
    _el(legal, "cbc:CompanyID", legal_id, schemeID=scheme)


def _tax_category(parent, tag, category, rate, reason=""):
    element = _el(parent, tag)
    _el(element, "cbc:ID", category)
    if category != "O":  # BR-O-05: no rate outside the scope of VAT
        _el(element, "cbc:Percent", f"{Decimal(rate):.2f}")
    if category in ("E", "AE", "O"):  # BR-E-10, BR-AE-10, BR-O-10
        _el(element, "cbc:TaxExemptionReason", reason or "Vrijgesteld")
    _el(_el(element, "cac:TaxScheme"), "cbc:ID", "VAT")


def buyer_reference(invoice) -> str:
    """BT-10 Buyer reference: the PO number, else the buyer's reference (the contact's own
    reference or name), else the cost centre. Documents issued before references were stored
    fall back to the buyer's name, which is never chosen for a new one (Peppol R003 requires
    a BuyerReference or an OrderReference)."""
    buyer = invoice.buyer_data
    return invoice.po_number or buyer.get("reference") or buyer.get("cost_centre") or buyer["name"]


def is_example(invoice) -> bool:
    """True for an invoice of an example seller (demo data; never a valid invoice)."""
    return bool(invoice.seller_data.get("example"))


def build(document) -> bytes:
    """UBL 2.1 XML bytes of an Invoice or CreditNote addressed to an organisation.

    Raises:
        BillingError: the buyer is a private person (no e-invoice), or a party lacks a KvK
            number or OIN, or the seller is an example seller (demo data).
    """
    is_credit = hasattr(document, "invoice")
    invoice = document.invoice if is_credit else document
    if invoice.organisation_id is None:
        raise BillingError(_("E-invoices are made for organisations only."))
    if is_example(invoice):
        raise BillingError(_("An invoice of an example seller is not exported as an e-invoice."))
    root_name = "CreditNote" if is_credit else "Invoice"
    root = etree.Element(
        f"{{{NS[root_name]}}}{root_name}",
        nsmap={None: NS[root_name], "cac": NS["cac"], "cbc": NS["cbc"]},
    )
    _header(root, document, invoice, is_credit)
    _party(root, "cac:AccountingSupplierParty", invoice.seller_data)
    _party(root, "cac:AccountingCustomerParty", invoice.buyer_data)
    _el(_el(root, "cac:Delivery"), "cbc:ActualDeliveryDate", invoice.delivery_date.isoformat())
    _payment(root, invoice, is_credit)
    _totals(root, document)
    for number, line in enumerate(document.lines.all(), start=1):
        _line(root, number, line, is_credit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _header(root, document, invoice, is_credit: bool) -> None:
    """The document's ids, dates, type, currency, buyer and order references (BT-1 to BG-3)."""
    _el(root, "cbc:CustomizationID", CUSTOMIZATION)
    _el(root, "cbc:ProfileID", PROFILE)
    _el(root, "cbc:ID", document.number)
    _el(root, "cbc:IssueDate", document.issue_date.isoformat())
    if not is_credit:
        _el(root, "cbc:DueDate", invoice.due_date.isoformat())
        _el(root, "cbc:InvoiceTypeCode", "380")
    else:
        _el(root, "cbc:CreditNoteTypeCode", "381")
        _el(root, "cbc:Note", document.reason)
    _el(root, "cbc:DocumentCurrencyCode", CURRENCY)
    buyer = invoice.buyer_data
    if buyer.get("cost_centre"):
        _el(root, "cbc:AccountingCost", buyer["cost_centre"])
    _el(root, "cbc:BuyerReference", buyer_reference(invoice))
    if invoice.po_number:
        _el(_el(root, "cac:OrderReference"), "cbc:ID", invoice.po_number)
    preceding = invoice if is_credit else invoice.corrects  # BG-3, preceding invoice
    if preceding is not None:
        reference = _el(_el(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _el(reference, "cbc:ID", preceding.number)
        _el(reference, "cbc:IssueDate", preceding.issue_date.isoformat())


def _payment(root, invoice, is_credit: bool) -> None:
    """The SEPA transfer to the seller's account and, on an invoice, the payment term."""
    means = _el(root, "cac:PaymentMeans")
    _el(means, "cbc:PaymentMeansCode", PAYMENT_MEANS_SEPA)
    _el(means, "cbc:PaymentID", invoice.payment_reference)
    account = _el(means, "cac:PayeeFinancialAccount")
    _el(account, "cbc:ID", invoice.seller_data["iban"])
    _el(account, "cbc:Name", invoice.seller_data["legal_name"])
    if not is_credit:
        days = invoice.seller_data.get("payment_term_days", 30)
        _el(_el(root, "cac:PaymentTerms"), "cbc:Note", f"Betaling binnen {days} dagen")


def _totals(root, document) -> None:
    """The VAT total with one subtotal per category and rate, then the document totals."""
    tax_total = _el(root, "cac:TaxTotal")
    _amount(tax_total, "cbc:TaxAmount", document.vat_total)
    for group in document.vat_breakdown:
        subtotal = _el(tax_total, "cac:TaxSubtotal")
        _amount(subtotal, "cbc:TaxableAmount", group["taxable"])
        _amount(subtotal, "cbc:TaxAmount", group["vat"])
        _tax_category(
            subtotal, "cac:TaxCategory", group["category"], group["rate"], group["exemption_reason"]
        )
    totals = _el(root, "cac:LegalMonetaryTotal")
    _amount(totals, "cbc:LineExtensionAmount", document.net_total)
    _amount(totals, "cbc:TaxExclusiveAmount", document.net_total)
    _amount(totals, "cbc:TaxInclusiveAmount", document.total)
    _amount(totals, "cbc:PayableAmount", document.total)


def _line(root, number: int, line, is_credit: bool) -> None:
    """Line ``number`` (from 1): quantity, amount, delivery period, item and its VAT, price."""
    element = _el(root, "cac:CreditNoteLine" if is_credit else "cac:InvoiceLine")
    _el(element, "cbc:ID", number)
    quantity_tag = "cbc:CreditedQuantity" if is_credit else "cbc:InvoicedQuantity"
    unit = getattr(line, "unit_code", "C62")  # credit-note lines credit an amount: C62
    _el(element, quantity_tag, f"{line.quantity:.2f}", unitCode=unit)
    _amount(element, "cbc:LineExtensionAmount", line.net_amount)
    period = _el(element, "cac:InvoicePeriod")
    _el(period, "cbc:StartDate", line.delivery_date.isoformat())
    _el(period, "cbc:EndDate", line.delivery_date.isoformat())
    item = _el(element, "cac:Item")
    _el(item, "cbc:Name", line.description[:200])
    category = _el(item, "cac:ClassifiedTaxCategory")
    _el(category, "cbc:ID", line.vat_category)
    if line.vat_category != "O":
        _el(category, "cbc:Percent", f"{line.vat_rate:.2f}")
    _el(_el(category, "cac:TaxScheme"), "cbc:ID", "VAT")
    _amount(_el(element, "cac:Price"), "cbc:PriceAmount", line.unit_price)
