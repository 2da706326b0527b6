"""Payments of an invoice: bank payments by structured reference and online payments through
a provider (start, sync from the webhook or the return redirect, refund)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .exceptions import BillingError
from .models import (
    Invoice,
    OnlinePayment,
    Payment,
)
from .money import (
    round_cents,
)
from .refunds import record_provider_refund


def register_bank_payment(
    reference: str, amount: Decimal, *, received_on: dt.date, user
) -> Payment:
    """Record a bank transfer for the invoice with the structured ``reference``.

    Partial payments are fine; the payment state is derived.

    Raises:
        BillingError: unknown reference, or an amount that is not positive.
    """
    reference = (reference or "").replace(" ", "").replace(".", "")
    amount = Decimal(amount)
    if amount <= 0:
        raise BillingError(_("A payment must be a positive amount."))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().filter(payment_reference=reference).first()
        if invoice is None:
            raise BillingError(_("No invoice has this payment reference."))
        payment = Payment.objects.create(
            invoice=invoice,
            amount=round_cents(amount),
            method=Payment.Method.BANK,
            received_on=received_on,
            recorded_by=user,
        )
        record(invoice, "billing.payment", user=user, amount=str(payment.amount), method="bank")
    return payment


def start_online_payment(
    invoice: Invoice, *, provider, redirect_url: str, webhook_url: str
) -> OnlinePayment:
    """Create a payment for the invoice's outstanding amount at ``provider``.

    Raises:
        BillingError: nothing is outstanding.
    """
    outstanding = invoice.outstanding()
    if outstanding <= 0:
        raise BillingError(_("This invoice has nothing left to pay."))
    created = provider.create_payment(
        amount=outstanding,
        description=invoice.number,
        redirect_url=redirect_url,
        webhook_url=webhook_url,
        metadata={"invoice": invoice.number},
    )
    with transaction.atomic():
        online = OnlinePayment.objects.create(
            invoice=invoice,
            provider=provider.name,
            provider_id=created.id,
            amount=outstanding,
            status=created.status,
            checkout_url=created.checkout_url,
        )
        record(invoice, "billing.online_start", to_state=created.status, id=created.id)
    return online


def sync_online_payment(provider_id: str, *, provider) -> OnlinePayment:
    """Bring an online payment up to date with the provider (webhook or return redirect).

    The payment row is locked; a paid status is booked as a Payment exactly once, however often
    the webhook arrives and whether or not it races the return redirect. Refunds reported by the
    provider are booked as outgoing payments (``lms.billing.refunds``); one that no credit note
    covers makes the invoice an open item for staff.

    Raises:
        BillingError: unknown payment id.
    """
    state = provider.get_payment(provider_id)
    with transaction.atomic():
        online = (
            OnlinePayment.objects.select_for_update()
            .filter(provider=provider.name, provider_id=provider_id)
            .first()
        )
        if online is None:
            raise BillingError(_("Unknown payment."))
        previous = online.status
        if state.status == OnlinePayment.Status.PAID and online.confirmed_at is None:
            online.confirmed_at = timezone.now()
            Payment.objects.create(
                invoice_id=online.invoice_id,
                amount=state.amount,
                method=Payment.Method.ONLINE,
                received_on=timezone.localdate(),
                external_id=provider_id,
            )
        online.status = state.status
        record_provider_refund(online, state.amount_refunded)
        online.save()
        if previous != online.status:
            record(
                online.invoice,
                "billing.online_status",
                from_state=previous,
                to_state=online.status,
                id=provider_id,
            )
    return online


def refund_online_payment(online: OnlinePayment, amount: Decimal, *, provider, user) -> None:
    """Ask the provider to refund ``amount`` of a paid online payment; booked by the sync.

    Raises:
        BillingError: the payment is not paid, or the amount exceeds what remains.
    """
    online = OnlinePayment.objects.get(pk=online.pk)  # the latest refunded amount
    if online.status != OnlinePayment.Status.PAID:
        raise BillingError(_("Only a paid payment can be refunded."))
    if amount <= 0 or amount > online.amount - online.refunded_amount:
        raise BillingError(_("The refund exceeds what was paid."))
    provider.create_refund(online.provider_id, amount)
    record(online.invoice, "billing.refund_request", user=user, amount=str(amount))
    sync_online_payment(online.provider_id, provider=provider)
