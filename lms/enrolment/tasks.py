"""Background e-mail about enrolments, in the participant's language, sent after commit."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .calendar import sessions_calendar
from .models import Enrolment, Offer

#: Names the kind of e-mail, for mail filters and tests (independent of the language).
KIND_HEADER = "X-Gebiedsschool-Kind"


@task()
def send_enrolment_email(enrolment_id: int, kind: str, offer_id: int | None = None) -> int:
    """Render ``enrolment/email/<kind>_subject.txt``/``_body.txt`` and send it to the person.

    Args:
        enrolment_id: the enrolment concerned.
        kind: confirmed, waitlisted, pending, offer, invitation, reminder, run_cancelled,
            run_changed, cancelled or evaluation.
        offer_id: the offer, for ``kind == "offer"``.

    A confirmation carries ``sessions.ics`` with all sessions of the run. Returns the
    number of messages sent (0 or 1).
    """
    from .links import claim_url, evaluation_url, offer_url

    enrolment = Enrolment.objects.select_related("run__module", "user").get(pk=enrolment_id)
    user = enrolment.user
    sessions = list(enrolment.run.sessions.select_related("run__module"))
    with (
        translation.override(user.language or settings.LANGUAGE_CODE),
        timezone.override("Europe/Amsterdam"),
    ):
        context = {
            "name": user.get_full_name() or user.email,
            "run": enrolment.run,
            "enrolment": enrolment,
            "sessions": sessions,
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        if offer_id:
            context["offer"] = Offer.objects.get(pk=offer_id)
            context["offer_url"] = offer_url(context["offer"])
        if kind == "invitation":
            context["claim_url"] = claim_url(enrolment)
        if kind == "evaluation":
            from .evaluation_window import closes_at

            context["evaluation_url"] = evaluation_url(enrolment)
            context["closes_at"] = closes_at(enrolment.run)
        if kind == "waitlisted":
            from .seats import waiting_position

            context["position"] = waiting_position(enrolment)
        template = f"enrolment/email/{kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={KIND_HEADER: kind},
    )
    if kind == "confirmed":
        ics = sessions_calendar(sessions, name=enrolment.run.display_title)
        message.attach("sessions.ics", ics, "text/calendar")
    return message.send()


def email_on_commit(enrolment: Enrolment, kind: str, offer: Offer | None = None) -> None:
    """Enqueue :func:`send_enrolment_email` when the current transaction commits."""
    transaction.on_commit(
        partial(send_enrolment_email.enqueue, enrolment.pk, kind, offer.pk if offer else None)
    )
