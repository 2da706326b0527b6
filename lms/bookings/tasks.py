"""Background e-mail for quotes: render the PDF and mail it with the decision link."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task


@task()
def send_quote_email(quote_id: int, token: str, language: str) -> int:
    """Mail quote ``quote_id`` as a PDF attachment to the booking's contact.

    ``token`` is the raw decision token; it only travels in this task and the e-mail.
    Returns the number of messages sent.
    """
    from .models import Quote
    from .pdf import render_quote

    quote = Quote.objects.select_related("booking").get(pk=quote_id)
    link = settings.SITE_URL.rstrip("/") + reverse("portal:quote_decide", args=[token])
    context = {
        "contact_name": quote.booking.contact_name,
        "number": quote.number,
        "valid_until": quote.valid_until,
        "link": link,
    }
    with translation.override(language):
        subject = " ".join(render_to_string("bookings/email/quote_subject.txt", context).split())
        body = render_to_string("bookings/email/quote_body.txt", context)
        pdf = render_quote(quote, language)
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, [quote.booking.contact_email]
    )
    message.attach(f"{quote.number}.pdf", pdf, "application/pdf")
    return message.send()


def send_quote_on_commit(quote_id: int, token: str, language: str) -> None:
    """Enqueue :func:`send_quote_email` when the current transaction commits."""
    transaction.on_commit(partial(send_quote_email.enqueue, quote_id, token, language))
