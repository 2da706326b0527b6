"""Periodic billing jobs, collected by ``manage.py run_scheduled``. Idempotent."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.accounts.audit import record
from lms.accounts.tasks import send_email_on_commit

from .models import Invoice, Reminder
from .money import format_amount
from .refunds import remindable

#: Days past the due date at which reminder 1, 2, … go out.
REMINDER_DAYS = (7, 21)


def send_overdue_reminders(today=None) -> str:
    """Send each overdue invoice's due reminder once (a Reminder row per level guards it).

    A reminder asks only for money never paid: money that was refunded is not reminded of
    (``refunds.remindable``), so an invoice whose open amount is refunded money gets none.
    """
    today = today or timezone.localdate()
    sent = 0
    overdue = Invoice.objects.with_paid().filter(due_date__lt=today).select_related("payer_user")
    for invoice in overdue:
        if invoice.payment_state(today) != Invoice.PaymentState.OVERDUE:
            continue
        days = (today - invoice.due_date).days
        level = sum(1 for d in REMINDER_DAYS if days >= d)
        if level == 0:
            continue
        to = invoice.buyer_data.get("email")
        amount = remindable(invoice)
        if not to or amount <= 0:
            continue
        language = invoice.payer_user.language if invoice.payer_user else "nl"
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(invoice=invoice, level=level)
                record(invoice, "billing.reminder", level=level)
                send_email_on_commit(
                    [to],
                    "billing/email/reminder",
                    {
                        "number": invoice.number,
                        "due_date": invoice.due_date.strftime("%d-%m-%Y"),
                        "outstanding": format_amount(amount, language),
                        "iban": invoice.seller_data["iban"],
                        "reference": invoice.payment_reference,
                    },
                    language,
                )
        except IntegrityError:
            continue  # this level was already sent
        sent += 1 if reminder else 0
    return f"{sent} overdue reminder(s) sent"


JOBS = [send_overdue_reminders]
