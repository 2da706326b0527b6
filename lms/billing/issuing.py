"""Issuing an invoice: the buyer's details, the seller's frozen copy and the numbered invoice.

The service locks the seller's number series, writes the invoice with its lines and records
one action-log entry; the PDF and the e-mail are queued on commit.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from . import business, numbering
from .exceptions import BillingError
from .models import (
    BillingProfile,
    Invoice,
    InvoiceLine,
)
from .money import (
    document_totals,
    line_net,
    structured_reference,
)


@dataclass(frozen=True)
class Buyer:
    """Who an invoice is addressed to, as copied onto it."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    email: str = ""
    vat_id: str = ""
    kvk_number: str = ""
    oin: str = ""
    cost_centre: str = ""
    #: The buyer's reference for routing the invoice (UBL BuyerReference when there is no PO
    #: number): the reference the contact gave, else the name of the person who ordered.
    reference: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def buyer_for_person(user, details: dict | None = None) -> Buyer:
    """A person paying themselves: a consumer with their name, e-mail and address if given,
    or their business (``details`` from :func:`business.clean_buyer_details`)."""
    return Buyer(**business.buyer_fields(user, details))


def buyer_for_organisation(organisation, cost_centre: str = "", reference: str = "") -> Buyer:
    """An organisation payer, from its billing profile; ``cost_centre`` (else the profile's)
    and ``reference`` (the contact's reference or name) are copied onto the invoice.

    Raises:
        BillingError: the organisation has no billing profile.
    """
    profile = BillingProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        raise BillingError(
            _("%(organisation)s has no billing address yet; ask the programme team.")
            % {"organisation": organisation.name}
        )
    return Buyer(
        name=organisation.name,
        street=profile.street,
        postcode=profile.postcode,
        city=profile.city,
        country=profile.country,
        email=profile.invoice_email,
        vat_id=profile.vat_id,
        kvk_number=organisation.kvk_number,
        oin=organisation.oin,
        cost_centre=cost_centre or profile.cost_centre,
        reference=reference,
    )


def _seller_data(seller) -> dict:
    return {
        "legal_name": seller.legal_name,
        "street": seller.street,
        "postcode": seller.postcode,
        "city": seller.city,
        "country": seller.country,
        "kvk_number": seller.kvk_number,
        "vat_id": seller.vat_id,
        "iban": seller.iban,
        "bic": seller.bic,
        "email": seller.email,
        "payment_term_days": seller.payment_term_days,
        # Example sellers (demo data): every document says it is no valid invoice.
        **({"example": True} if seller.is_example else {}),
    }


def _amsterdam_year(moment) -> int:
    return timezone.localtime(moment).year


def _invoice_line(line: dict) -> InvoiceLine:
    """An unsaved InvoiceLine from one of :func:`issue_invoice`'s line dicts, its net amount
    ``quantity × unit_price`` rounded half-up to cents."""
    quantity = Decimal(line["quantity"])
    return InvoiceLine(
        description=line["description"],
        quantity=quantity,
        unit_price=line["unit_price"],
        net_amount=line_net(quantity, line["unit_price"]),
        vat_category=line["vat_category"],
        vat_rate=line["vat_rate"],
        exemption_reason=line.get("exemption_reason", ""),
        delivery_date=line["delivery_date"],
        enrolment=line.get("enrolment"),
        unit_code=line.get("unit_code", "C62"),
    )


def _payment_reference(seller, year: int, number: int) -> str:
    """The invoice's structured payment reference: seller, two-digit year and number."""
    return structured_reference(seller.pk * 10**11 + (year % 100) * 10**9 + number)


def _numbered_totals(seller, year: int, number: int, now, built: list[InvoiceLine]) -> dict:
    """The invoice fields that follow from its number and lines: printed number, dates (due
    after the seller's payment term), payment reference and totals (VAT once per rate)."""
    net, vat, total, breakdown = document_totals(built)
    issue_date = timezone.localdate(now)
    return {
        "number": numbering.format_number(seller.invoice_prefix, year, number),
        "issued_at": now,
        "issue_date": issue_date,
        "delivery_date": min(line.delivery_date for line in built),
        "due_date": issue_date + dt.timedelta(days=seller.payment_term_days),
        "payment_reference": _payment_reference(seller, year, number),
        "net_total": net,
        "vat_total": vat,
        "total": total,
        "vat_breakdown": [g.as_dict() for g in breakdown],
    }


def issue_invoice(
    seller,
    buyer: Buyer,
    lines: list[dict],
    *,
    payer_user=None,
    organisation=None,
    po_number: str = "",
    user=None,
    corrects=None,
) -> Invoice:
    """Issue one invoice with the next gap-free number of ``seller``'s year.

    Args:
        seller: the SellerProfile (complete).
        buyer: the buyer data copied onto the invoice.
        lines: dicts with ``description``, ``quantity``, ``unit_price`` (net euros),
            ``vat_category``, ``vat_rate`` (%), ``exemption_reason``, ``delivery_date`` and
            optionally ``enrolment`` and ``unit_code`` (UN/ECE Rec. 20; default C62).
        payer_user / organisation: who pays (for scoping and e-mail).
        po_number: the buyer's purchase-order number.
        user: the actor, for the log.
        corrects: the credited invoice this one replaces (``lms.billing.corrections``).

    Returns:
        The issued invoice; the PDF is e-mailed to the payer after commit.
    """
    if not lines:
        raise BillingError(_("An invoice needs at least one line."))
    with transaction.atomic():
        now = timezone.now()
        year = _amsterdam_year(now)
        number = numbering.next_number(seller, year, numbering.INVOICE)
        built = [_invoice_line(line) for line in lines]
        invoice = Invoice.objects.create(
            **_numbered_totals(seller, year, number, now, built),
            seller=seller,
            seller_data=_seller_data(seller),
            buyer_data=buyer.as_dict(),
            payer_user=payer_user,
            organisation=organisation,
            po_number=po_number,
            corrects=corrects,
        )
        for line in built:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(built)
        record(
            invoice, "billing.invoice_issue", user=user, to_state="issued", total=str(invoice.total)
        )
        from .tasks import email_document_on_commit

        email_document_on_commit("invoice", invoice.pk)
    return invoice
