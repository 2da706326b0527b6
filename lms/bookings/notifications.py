"""Who hears about a booking's step: the organisation's contact (and, when a quote is accepted,
the programme team). Called from the one transition helper in ``transitions.move``, so every
step that changes the state mails from the same place; the mail is a task enqueued on commit.

Mails per state: ``accepted`` (quote accepted; contact and programme team), ``scheduled``
(private run created with its invite link, or engagement started), ``invoiced`` (invoice
issued). The request-received and quote-sent mails are sent by ``submit_booking_request`` and
``send_quote`` (the quote carries its PDF and decision link).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tasks import send_email_on_commit

#: booking state -> template (bookings/email/<name>_subject.txt, _body.txt)
TEMPLATE_FOR_STATE = {
    "accepted": "quote_accepted",
    "scheduled": "scheduled",
    "invoiced": "invoice_issued",
}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def context_for(booking) -> dict:
    """JSON-serialisable facts the contact mails use (links absolute, from ``SITE_URL``)."""
    context = {
        "contact_name": booking.contact_name,
        "organisation": booking.organisation_name,
        "reference": booking.pk,
        "format": booking.format.title if booking.format_id else "",
        "portal_url": _absolute(reverse("portal:booking", args=[booking.pk])),
    }
    if booking.run_id:
        run = booking.run
        context["run"] = run.display_title
        context["invite_url"] = _absolute(reverse("enrolment:invite", args=[run.invite_code]))
        context["sessions"] = [
            f"{timezone.localtime(session.starts_at):%d-%m-%Y %H:%M}"
            for session in run.sessions.order_by("starts_at")
        ]
    return context


def notify_transition(booking, to_state: str) -> None:
    """Queue the contact's mail for ``to_state`` (and the programme team's), if there is one."""
    template = TEMPLATE_FOR_STATE.get(to_state)
    if template is None:
        return
    context = context_for(booking)
    send_email_on_commit(
        [booking.contact_email], f"bookings/email/{template}", context, booking.language
    )
    if to_state == "accepted" and settings.PROGRAMME_TEAM_EMAIL:
        send_email_on_commit(
            [settings.PROGRAMME_TEAM_EMAIL],
            "bookings/email/quote_accepted_team",
            context,
            settings.LANGUAGE_CODE,
        )
