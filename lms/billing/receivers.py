"""Billing's reactions to enrolment signals. They run inside the enrolment's transaction, so a
document that cannot be written rolls the enrolment step back."""

from django.dispatch import receiver

from lms.enrolment import signals

from . import services


@receiver(signals.enrolment_confirmed, dispatch_uid="billing_invoice_confirmed")
def invoice_on_confirmation(sender, enrolment, user=None, **kwargs):
    """A place that was waitlisted or pending at checkout is invoiced once it is confirmed."""
    services.invoice_checked_out_enrolment(enrolment, user=user)


@receiver(signals.enrolment_cancelled, dispatch_uid="billing_credit_cancelled")
def credit_on_cancellation(
    sender, enrolment, user=None, handed_over=False, withdrawn=False, **kwargs
):
    """Credit the part of the fee that is not owed under the run's cancellation policy; a place
    handed over or transferred is settled by :func:`rebill_on_change` instead, a consumer's
    withdrawal by ``lms.billing.withdrawal.withdraw``."""
    if not handed_over and not withdrawn:
        services.credit_cancelled_enrolment(enrolment, user=user)


@receiver(signals.enrolment_substituted, dispatch_uid="billing_rebill_substituted")
@receiver(signals.enrolment_transferred, dispatch_uid="billing_rebill_transferred")
def rebill_on_change(sender, enrolment, previous, user=None, **kwargs):
    """A credit note and a new invoice when the payer or the price changed; else the invoice
    stands (docs/billing.md)."""
    services.rebill_after_change(previous, enrolment, user=user)


@receiver(signals.enrolment_batch_created, dispatch_uid="billing_invoice_batch")
def invoice_batch(sender, enrolments, organisation, user=None, **kwargs):
    """One invoice to the organisation for every place of the batch, with the order data
    (PO number, cost centre, reference) given with it."""
    order = dict(kwargs.get("order") or {})
    order.setdefault("po_number", kwargs.get("po_number", ""))
    services.invoice_batch(list(enrolments), organisation, user=user, **order)
