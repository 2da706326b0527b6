"""The retention purge: the only way issued billing documents are ever deleted.

Invoices and credit notes are kept for 7 years (art. 52 lid 4 AWR, the fiscal retention duty).
The period runs from the end of the calendar year a document was issued in, so a document of
year Y may go from 1 January of Y + 8. An invoice goes together with its lines, credit notes,
payments, refunds, reminders and online payments, and only when all of its credit notes and any
invoice that corrects it may go too. On PostgreSQL the purge's transaction alone sets
``gebiedsschool.retention_purge`` so the immutability triggers let its deletes through.
"""

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from .models import (
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
    OnlinePayment,
    Payment,
    RefundDecision,
    Reminder,
)

#: Years a document is kept after the end of the year it was issued in (art. 52 AWR).
RETENTION_YEARS = 7


def cutoff(today: dt.date | None = None) -> dt.date:
    """Documents issued before this date are past the retention period."""
    today = today or timezone.localdate()
    return dt.date(today.year - RETENTION_YEARS, 1, 1)


def purgeable(today: dt.date | None = None) -> list[Invoice]:
    """Invoices that may go: issued before :func:`cutoff`, their credit notes too, and not
    corrected by an invoice that must stay."""
    limit = cutoff(today)
    old = Invoice.objects.filter(issue_date__lt=limit).exclude(credit_notes__issue_date__gte=limit)
    keep_ids = set(
        Invoice.objects.filter(issue_date__gte=limit, corrects__isnull=False).values_list(
            "corrects_id", flat=True
        )
    )
    return [invoice for invoice in old.distinct() if invoice.pk not in keep_ids]


def purge(today: dt.date | None = None, *, dry_run: bool = False) -> dict[str, int]:
    """Delete the :func:`purgeable` invoices and everything that belongs to them.

    Returns:
        Rows per model deleted (or that would be, with ``dry_run``).
    """
    invoices = purgeable(today)
    ids = [invoice.pk for invoice in sorted(invoices, key=lambda i: -i.pk)]
    plan = [
        (RefundDecision, {"payment__invoice_id__in": ids}),
        (Payment, {"invoice_id__in": ids}),
        (OnlinePayment, {"invoice_id__in": ids}),
        (Reminder, {"invoice_id__in": ids}),
        (CreditNoteLine, {"credit_note__invoice_id__in": ids}),
        (CreditNote, {"invoice_id__in": ids}),
        (InvoiceLine, {"invoice_id__in": ids}),
    ]
    counts: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL gebiedsschool.retention_purge = 'on'")
        for model, where in plan:
            rows = model.objects.filter(**where)
            counts[model.__name__] = rows.count() if dry_run else rows.delete()[0]
        # Newest first, so an invoice that corrects another goes before the one it corrects.
        deleted = 0
        for pk in ids:
            if not dry_run:
                deleted += Invoice.objects.filter(pk=pk).delete()[0]
        counts["Invoice"] = len(ids) if dry_run else deleted
    return counts
