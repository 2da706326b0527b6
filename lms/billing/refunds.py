"""Refunds: money paid back to an invoice's payer.

A refund is a :class:`~lms.billing.models.Payment` with direction ``out`` and a positive amount,
never a negative payment. It comes from one of three places:

* the payment provider reports it (:func:`record_provider_refund`, called by the payment sync);
* staff paid it back by bank transfer (:func:`record_bank_refund`, "mark refunded");
* a consumer withdrew (``lms.billing.withdrawal``), which credits the place first and then
  refunds through the provider (:func:`refund_through_provider`) or leaves "to refund: € X".

A refund that no credit note covers took back money the payer still owes on paper: the invoice
is an *open item* ("to resolve") until staff credit the place (:func:`credit_refund`) or record
why not (:func:`decide_without_credit`). Refunded money is never the subject of a reminder
(:func:`remindable`).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .corrections import spread_gross
from .crediting import issue_credit_note
from .exceptions import BillingError
from .models import Invoice, OnlinePayment, Payment, RefundDecision
from .money import ZERO, round_cents


@dataclass(frozen=True)
class Balance:
    """An invoice's money in euros: what is owed after credit notes, received, refunded."""

    total: Decimal
    credited: Decimal
    received: Decimal
    refunded: Decimal

    @property
    def owed(self) -> Decimal:
        return self.total - self.credited

    @property
    def outstanding(self) -> Decimal:
        """Still to pay (negative when overpaid)."""
        return self.owed - (self.received - self.refunded)

    @property
    def to_refund(self) -> Decimal:
        """Paid beyond what is owed, not yet refunded ("to refund: € X")."""
        return max(ZERO, -self.outstanding)

    @property
    def uncovered(self) -> Decimal:
        """Refunded money that no credit note covers: the payer owes it again on paper."""
        return max(ZERO, min(self.refunded, self.outstanding))

    @property
    def remindable(self) -> Decimal:
        """What a reminder may ask for: outstanding, never money that was refunded."""
        return max(ZERO, self.outstanding - self.refunded)


def balance(invoice: Invoice) -> Balance:
    """The :class:`Balance` of ``invoice`` (uses ``with_paid`` annotations when present)."""
    if hasattr(invoice, "received_amount"):
        received, refunded = invoice.received_amount, invoice.refunded_amount
        credited = invoice.credited_amount
    else:
        payments = Payment.objects.filter(invoice=invoice)
        received = payments.total(Payment.Direction.IN)
        refunded = payments.total(Payment.Direction.OUT)
        credited = sum((n.total for n in invoice.credit_notes.all()), ZERO)
    return Balance(
        invoice.total, round_cents(credited), round_cents(received), round_cents(refunded)
    )


def remindable(invoice: Invoice) -> Decimal:
    """Euros a payment reminder may ask for (0: send none)."""
    return balance(invoice).remindable


def _undecided_refunds():
    return Payment.objects.filter(
        invoice=OuterRef("pk"), direction=Payment.Direction.OUT, decision__isnull=True
    )


def with_refund_state(invoices):
    """Annotate ``with_paid()`` invoices with ``uncovered_refund`` (euros) and ``to_resolve``."""
    outstanding = F("total") - F("credited_amount") - F("paid_amount")
    return invoices.annotate(
        uncovered_refund=Greatest(Least(F("refunded_amount"), outstanding), ZERO),
        has_undecided_refund=Exists(_undecided_refunds()),
    ).annotate(to_resolve=Q(uncovered_refund__gt=0) & Q(has_undecided_refund=True))


def invoices_to_resolve(invoices):
    """The open items among ``invoices`` (a ``with_paid()`` queryset): refunds not covered by a
    credit note and not decided by staff."""
    return with_refund_state(invoices).filter(uncovered_refund__gt=0, has_undecided_refund=True)


def _locked(invoice) -> Invoice:
    return Invoice.objects.select_for_update().get(pk=invoice.pk)


def record_refund(
    invoice: Invoice,
    amount: Decimal,
    *,
    method: str,
    refunded_on=None,
    user=None,
    credit_note=None,
    external_id: str = "",
    reason: str = "",
) -> Payment:
    """Record ``amount`` euros paid back to the payer of ``invoice`` (an outgoing payment).

    Raises:
        BillingError: the amount is not positive, or exceeds what was paid and not yet
            refunded.
    """
    amount = round_cents(Decimal(amount))
    if amount <= 0:
        raise BillingError(_("A refund must be a positive amount."))
    with transaction.atomic():
        invoice = _locked(invoice)
        current = balance(invoice)
        if amount > current.received - current.refunded:
            raise BillingError(_("The refund exceeds what was paid."))
        payment = Payment.objects.create(
            invoice=invoice,
            amount=amount,
            direction=Payment.Direction.OUT,
            method=method,
            received_on=refunded_on or timezone.localdate(),
            external_id=external_id,
            credit_note=credit_note,
            reason=reason,
            recorded_by=user,
        )
        record(
            invoice,
            "billing.refund",
            user=user,
            amount=str(amount),
            method=method,
            credit_note=credit_note.number if credit_note else "",
            to_resolve=str(balance(invoice).uncovered),
        )
    return payment


def record_provider_refund(online: OnlinePayment, refunded_total: Decimal) -> Payment | None:
    """Book what the provider reports as refunded beyond what was booked (``refunded_total`` is
    the provider's cumulative refunded amount, euros). Call with ``online`` locked; updates its
    ``refunded_amount`` (the caller saves it)."""
    refunded_total = round_cents(refunded_total or ZERO)
    if refunded_total <= online.refunded_amount:
        return None
    payment = record_refund(
        online.invoice,
        refunded_total - online.refunded_amount,
        method=Payment.Method.ONLINE,
        external_id=f"{online.provider_id}:{refunded_total}",
        reason=_("Reported by the payment provider"),
    )
    online.refunded_amount = refunded_total
    return payment


def refund_through_provider(
    invoice: Invoice, amount: Decimal, *, provider, credit_note=None, user=None
) -> Decimal:
    """Refund up to ``amount`` euros of ``invoice``'s paid online payments at the provider and
    book each refund tied to ``credit_note``. Returns the euros refunded (the rest, paid by
    bank, stays "to refund" for staff)."""
    left = round_cents(amount)
    with transaction.atomic():
        paid = OnlinePayment.objects.select_for_update().filter(
            invoice=invoice, status=OnlinePayment.Status.PAID
        )
        for online in paid.order_by("pk"):
            part = min(left, online.amount - online.refunded_amount)
            if part <= 0:
                continue
            provider.create_refund(online.provider_id, part)
            online.refunded_amount += part
            record_refund(
                invoice,
                part,
                method=Payment.Method.ONLINE,
                credit_note=credit_note,
                external_id=f"{online.provider_id}:{online.refunded_amount}",
                user=user,
            )
            online.save(update_fields=["refunded_amount"])
            left -= part
    return round_cents(amount) - left


def record_bank_refund(
    invoice: Invoice, amount: Decimal, *, refunded_on, user, reason: str = ""
) -> Payment:
    """Staff paid ``amount`` euros back by bank transfer ("mark refunded").

    Raises:
        BillingError: as :func:`record_refund`.
    """
    return record_refund(
        invoice,
        amount,
        method=Payment.Method.BANK,
        refunded_on=refunded_on,
        user=user,
        reason=reason,
    )


def decide_without_credit(payment: Payment, *, reason: str, user) -> RefundDecision:
    """Record why a refund gets no credit note; the refund stops being an open item.

    Raises:
        BillingError: not a refund, no reason, or already decided.
    """
    if payment.direction != Payment.Direction.OUT:
        raise BillingError(_("Only a refund needs a decision."))
    if not (reason or "").strip():
        raise BillingError(_("Say why the place is not credited."))
    with transaction.atomic():
        _locked(payment.invoice)
        if RefundDecision.objects.filter(payment=payment).exists():
            raise BillingError(_("This refund was already decided."))
        decision = RefundDecision.objects.create(
            payment=payment, reason=reason.strip(), decided_by=user
        )
        record(payment.invoice, "billing.refund_decided", user=user, reason=decision.reason)
    return decision


def credit_refund(invoice: Invoice, *, user, reason: str = ""):
    """Credit the invoice's lines for the refunded money no credit note covers yet
    (``corrections.spread_gross``). Returns the credit note.

    Raises:
        BillingError: nothing uncovered, or as ``crediting.issue_credit_note``.
    """
    invoice = Invoice.objects.get(pk=invoice.pk)
    uncovered = balance(invoice).uncovered
    if uncovered <= 0:
        raise BillingError(_("No refund of this invoice is waiting for a credit note."))
    reason = reason or "Terugbetaling"  # product text, as on the PDF
    return issue_credit_note(invoice, spread_gross(invoice, uncovered), reason=reason, user=user)


def open_refunds(invoice: Invoice) -> list[Payment]:
    """The refunds of ``invoice`` waiting for staff: not covered by a credit note, undecided."""
    if balance(invoice).uncovered <= 0:
        return []
    return list(
        Payment.objects.filter(
            invoice=invoice, direction=Payment.Direction.OUT, decision__isnull=True
        ).order_by("pk")
    )
