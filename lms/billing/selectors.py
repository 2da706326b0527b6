"""Read-only selectors the portal (and the CMS) may call."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import CreditNote, Invoice
from .refunds import balance


def invoices_of(user):
    """The invoices a person pays themselves or receives as an approved organisation contact,
    newest first, each with ``state_label``, ``can_pay`` and ``to_refund`` (euros paid beyond
    what is owed, not yet refunded); three queries whatever their number.
    """
    contact_orgs = user.memberships.filter(role="contact", status="approved").values(
        "organisation_id"
    )
    invoices = (
        Invoice.objects.for_user(user)
        .filter(Q(payer_user=user, organisation__isnull=True) | Q(organisation_id__in=contact_orgs))
        .with_paid()
        .prefetch_related(Prefetch("credit_notes", queryset=CreditNote.objects.order_by("pk")))
        .order_by("-issued_at", "-pk")
    )
    today = timezone.localdate()
    result = list(invoices)
    for invoice in result:
        state = invoice.payment_state(today)
        invoice.state_label = Invoice.PaymentState(state).label
        invoice.to_refund = balance(invoice).to_refund
        invoice.can_pay = state in (
            Invoice.PaymentState.OPEN,
            Invoice.PaymentState.PARTLY_PAID,
            Invoice.PaymentState.OVERDUE,
        )
    return result


def overdue_invoice_ids(invoices, today=None) -> list[int]:
    """Primary keys of the ``invoices`` (a queryset) whose ``Invoice.payment_state`` is
    *overdue* on ``today`` (Amsterdam date, default today). The database narrows to invoices
    past their due date (the rule's own date condition); the rule itself decides per row. One
    query, whatever the number of invoices."""
    today = today or timezone.localdate()
    if "paid_amount" not in invoices.query.annotations:
        invoices = invoices.with_paid()
    past_due = invoices.filter(due_date__lt=today).select_related(None)
    return [
        invoice.pk
        for invoice in past_due.only("pk", "total", "due_date").order_by()
        if invoice.payment_state(today) == Invoice.PaymentState.OVERDUE
    ]
