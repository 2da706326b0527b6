"""Crediting an invoice: a credit note for parts of its lines (VAT cumulative per rate, see
:func:`lms.billing.money.credit_totals`) and the credit for a cancelled enrolment."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from . import numbering
from .cancellation import cancellation_cost
from .exceptions import BillingError
from .issuing import _amsterdam_year
from .models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
)
from .money import (
    ZERO,
    credit_totals,
    exceeds_invoice,
    round_cents,
)


def _credit_lines(amounts: dict) -> list[CreditNoteLine]:
    """Unsaved credit-note lines for ``amounts`` (InvoiceLine → net euros, rounded half-up to
    cents; zero or less is skipped). Raises BillingError when a line would be credited beyond
    its net amount, counting the credit notes already issued."""
    lines = []
    for line, amount in amounts.items():
        amount = round_cents(amount)
        if amount <= 0:
            continue
        already = (
            CreditNoteLine.objects.filter(invoice_line=line).aggregate(s=Sum("net_amount"))["s"]
            or ZERO
        )
        if amount + already > line.net_amount:
            raise BillingError(_("A credit cannot exceed what was invoiced."))
        lines.append(
            CreditNoteLine(
                invoice_line=line,
                description=line.description,
                quantity=Decimal("1"),
                unit_price=amount,
                net_amount=amount,
                vat_category=line.vat_category,
                vat_rate=line.vat_rate,
                exemption_reason=line.exemption_reason,
                delivery_date=line.delivery_date,
            )
        )
    return lines


def issue_credit_note(invoice: Invoice, amounts: dict, *, reason: str, user=None) -> CreditNote:
    """Credit parts of ``invoice``'s lines: ``amounts`` maps InvoiceLine → net euros to credit.

    VAT is cumulative per rate (see :func:`lms.billing.money.credit_totals`), so the last place
    of a batch can be credited and a full credit balances the invoice to 0.00 exactly.

    Raises:
        BillingError: nothing to credit, a line credited beyond its net amount, or the credit
            notes together would exceed the invoice.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        lines = _credit_lines(amounts)
        if not lines:
            raise BillingError(_("There is nothing to credit."))
        previous = [note.vat_breakdown for note in invoice.credit_notes.all()]
        net, vat, total, breakdown = credit_totals(lines, previous)
        new = [g.as_dict() for g in breakdown]
        if exceeds_invoice(invoice.vat_breakdown, [*previous, new]):
            raise BillingError(_("A credit cannot exceed what was invoiced."))
        now = timezone.now()
        year = _amsterdam_year(now)
        seller = invoice.seller
        number = numbering.next_number(seller, year, numbering.CREDIT_NOTE)
        note = CreditNote.objects.create(
            number=numbering.format_number(seller.credit_note_prefix, year, number),
            invoice=invoice,
            issued_at=now,
            issue_date=timezone.localdate(now),
            reason=reason,
            net_total=net,
            vat_total=vat,
            total=total,
            vat_breakdown=new,
        )
        for line in lines:
            line.credit_note = note
        CreditNoteLine.objects.bulk_create(lines)
        record(
            note,
            "billing.credit_issue",
            user=user,
            to_state="issued",
            invoice=invoice.number,
            total=str(total),
            reason=reason,
        )
        from .tasks import email_document_on_commit

        email_document_on_commit("credit_note", note.pk)
    return note


def credit_cancelled_enrolment(enrolment, *, user=None) -> CreditNote | None:
    """Credit the part of a cancelled enrolment's fee that is not owed, as
    :func:`lms.billing.cancellation.cancellation_cost` computes it at the cancellation moment
    (the latest invoice line of the place: a corrected invoice replaces the credited one).
    """
    line = InvoiceLine.objects.filter(enrolment=enrolment).select_related("invoice").last()
    if line is None:
        return None
    cost = cancellation_cost(enrolment, enrolment.cancelled_at or timezone.now())
    if cost.credited_net <= 0:
        return None
    return issue_credit_note(
        line.invoice,
        {line: cost.credited_net},
        reason=f"Annulering inschrijving {enrolment.run.code}",  # product text, as on the PDF
        user=user,
    )
