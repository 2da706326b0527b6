"""Staff corrections of issued invoices: credit any line or amount, or replace an invoice by a
corrected one. An issued invoice is never edited (art. 52 AWR): it is credited and, where
needed, followed by a new invoice that refers to it.
"""

from dataclasses import fields as dataclass_fields
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.institutions import managed_page_paths

from .crediting import issue_credit_note
from .exceptions import BillingError
from .issuing import Buyer, issue_invoice
from .models import CreditNote, CreditNoteLine, Invoice, InvoiceLine, SellerProfile
from .money import HUNDRED, ZERO, round_cents


def may_correct(user, invoice: Invoice) -> bool:
    """Who may act on ``invoice`` (credit, correct, record refunds): the programme team, or a
    manager of the seller's institution. Seeing it is ``Invoice.objects.for_user``."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_programme_team:
        return True
    return (
        bool(managed_page_paths(user))
        and SellerProfile.objects.for_user(user).filter(pk=invoice.seller_id).exists()
    )


def _check(user, invoice: Invoice, reason: str) -> str:
    if not may_correct(user, invoice):
        raise BillingError(_("You may not correct this invoice."))
    reason = (reason or "").strip()
    if not reason:
        raise BillingError(_("Give the reason for the correction."))
    return reason


def remaining_net(line: InvoiceLine) -> Decimal:
    """Net euros of ``line`` not yet credited."""
    credited = CreditNoteLine.objects.filter(invoice_line=line).aggregate(s=Sum("net_amount"))
    return line.net_amount - (credited["s"] or ZERO)


def spread_gross(invoice: Invoice, gross: Decimal) -> dict:
    """Net amounts per line (InvoiceLine → euros) that credit ``gross`` euros including VAT,
    line by line in order, each line at most what remains of it (net = gross / (1 + rate))."""
    left, amounts = round_cents(gross), {}
    for line in invoice.lines.order_by("pk"):
        rate = HUNDRED + Decimal(line.vat_rate)
        net = min(remaining_net(line), round_cents(left * HUNDRED / rate))
        if net > 0:
            amounts[line] = net
            left -= round_cents(net * rate / HUNDRED)
        if left <= 0:
            break
    return amounts


def credit(
    invoice: Invoice, *, user, reason: str, lines: dict | None = None, amount=None
) -> CreditNote:
    """Credit ``invoice`` by staff: ``lines`` maps InvoiceLine (of this invoice) → net euros,
    or ``amount`` is euros including VAT spread over the lines (:func:`spread_gross`).

    Raises:
        BillingError: the user may not correct it, no reason, a line of another invoice,
            nothing to credit, or more than was invoiced (``crediting.issue_credit_note``).
    """
    reason = _check(user, invoice, reason)
    if lines:
        if any(line.invoice_id != invoice.pk for line in lines):
            raise BillingError(_("A line of another invoice cannot be credited here."))
        amounts = {line: Decimal(value) for line, value in lines.items() if value}
    else:
        amounts = spread_gross(invoice, Decimal(amount or 0))
    note = issue_credit_note(invoice, amounts, reason=reason, user=user)
    record(invoice, "billing.correction", user=user, credit_note=note.number, reason=reason)
    return note


def _new_lines(invoice: Invoice, prices: dict) -> list[dict]:
    built = []
    for line in invoice.lines.order_by("pk"):
        left = remaining_net(line)
        if line.pk in prices:
            quantity, unit_price = line.quantity, round_cents(Decimal(prices[line.pk]))
        elif left == line.net_amount:
            quantity, unit_price = line.quantity, line.unit_price
        else:
            quantity, unit_price = Decimal("1"), left
        if unit_price <= 0:
            continue
        built.append(
            {
                "description": line.description,
                "quantity": quantity,
                "unit_price": unit_price,
                "vat_category": line.vat_category,
                "vat_rate": line.vat_rate,
                "exemption_reason": line.exemption_reason,
                "delivery_date": line.delivery_date,
                "enrolment": line.enrolment,
            }
        )
    return built


def correct_invoice(
    invoice: Invoice,
    *,
    user,
    reason: str,
    buyer: dict | None = None,
    prices: dict | None = None,
    po_number: str | None = None,
):
    """Replace ``invoice`` in one step: a credit note for everything not yet credited and a
    corrected invoice that refers to it (``corrects``), with the changed ``buyer`` data
    (field → value), line ``prices`` (InvoiceLine pk → net unit price, euros) and PO number.
    Everything else is copied, the VAT treatment included. Returns ``(credit_note, invoice)``.

    Raises:
        BillingError: as :func:`credit`, or nothing left to correct.
    """
    reason = _check(user, invoice, reason)
    prices = prices or {}
    fields = {f.name for f in dataclass_fields(Buyer)}
    data = {k: v for k, v in {**invoice.buyer_data, **(buyer or {})}.items() if k in fields}
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        lines = _new_lines(invoice, prices)
        remaining = {line: remaining_net(line) for line in invoice.lines.all()}
        remaining = {line: value for line, value in remaining.items() if value > 0}
        if not remaining or not lines:
            raise BillingError(_("There is nothing left to correct on this invoice."))
        note = issue_credit_note(invoice, remaining, reason=reason, user=user)
        new = issue_invoice(
            invoice.seller,
            Buyer(**data),
            lines,
            payer_user=invoice.payer_user,
            organisation=invoice.organisation,
            po_number=invoice.po_number if po_number is None else po_number.strip(),
            user=user,
            corrects=invoice,
        )
        record(
            invoice,
            "billing.correction",
            user=user,
            credit_note=note.number,
            corrected_by=new.number,
            reason=reason,
        )
    return note, new
