"""Background work of billing: e-mail an issued invoice or credit note with its PDF attached."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def _document(kind: str, pk: int):
    from .models import CreditNote, Invoice

    if kind == "invoice":
        return Invoice.objects.get(pk=pk)
    return CreditNote.objects.select_related("invoice").get(pk=pk)


@task()
def email_document(kind: str, pk: int) -> int:
    """Send the invoice (``kind="invoice"``) or credit note to the payer with the PDF attached.

    Returns:
        The number of messages sent (0 when the buyer has no e-mail address).
    """
    from . import pdf
    from .money import format_amount

    document = _document(kind, pk)
    invoice = document.invoice if kind == "credit_note" else document
    to = invoice.buyer_data.get("email") or (invoice.payer_user.email if invoice.payer_user else "")
    if not to:
        return 0
    language = invoice.payer_user.language if invoice.payer_user else settings.LANGUAGE_CODE
    context = {
        "kind": kind,
        "number": document.number,
        "total": format_amount(document.total, language),
        "seller": invoice.seller_data["legal_name"],
        "consumer": kind == "invoice" and invoice.organisation_id is None,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("billing/email/document_subject.txt", context).split())
        body = render_to_string("billing/email/document_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach(f"{document.number}.pdf", pdf.render(document), "application/pdf")
    return message.send()


def email_document_on_commit(kind: str, pk: int) -> None:
    """Enqueue :func:`email_document` when the current transaction commits."""
    transaction.on_commit(partial(email_document.enqueue, kind, pk))
