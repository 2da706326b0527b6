"""Booking transitions: new → intake → quoted → accepted → scheduled → delivered → invoiced,
plus declined and withdrawn; quotes; engagements with logged hours.

This module holds the request's own steps (submit, intake, assign, decline, withdraw); the
quotes are in ``quotes``, delivery (private run, engagement, delivered, invoiced) in
``delivery``, logged hours and closing in ``engagements``, the shared steps in
``transitions``. Their services are importable from here too, the one public path callers use.

Each service is one transaction that locks the rows it decides on, checks its preconditions,
writes and records an action-log entry. A refused step raises :class:`BookingError` with a
message fit for the person who asked; nothing has changed then.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.models import Organisation
from lms.accounts.tasks import send_email_on_commit

from .delivery import create_private_run, mark_delivered, mark_invoiced, start_engagement
from .engagements import close_engagement, log_session
from .exceptions import BookingError
from .invoicing import accepted_quote
from .models import BookingRequest, Quote
from .quotes import (
    TOKEN_BYTES,
    create_quote,
    decide_quote,
    hash_token,
    next_quote_number,
    quote_for_token,
    revise_quote,
    send_quote,
)
from .transitions import lock_booking, move, refuse_state, require_team

__all__ = [
    "TOKEN_BYTES",
    "accepted_quote",
    "assign",
    "close_engagement",
    "create_private_run",
    "create_quote",
    "decide_quote",
    "decline_request",
    "hash_token",
    "log_session",
    "mark_delivered",
    "mark_invoiced",
    "next_quote_number",
    "quote_for_token",
    "revise_quote",
    "send_quote",
    "start_engagement",
    "start_intake",
    "submit_booking_request",
    "withdraw",
]

State = BookingRequest.State

#: From these states the organisation or the team may withdraw a request.
WITHDRAWABLE = (State.NEW, State.INTAKE, State.QUOTED, State.ACCEPTED)
#: From these states the programme team may decline a request.
DECLINABLE = (State.NEW, State.INTAKE, State.QUOTED)


def _match_organisation(kvk: str, oin: str, name: str):
    query = Q(name__iexact=name)
    if kvk:
        query |= Q(kvk_number=kvk)
    if oin:
        query |= Q(oin=oin)
    return Organisation.objects.filter(query).order_by("pk").first()


# --- request -------------------------------------------------------------------------------


def submit_booking_request(data: dict, *, format_page, user=None, language="nl"):
    """Save a booking request from the public form and mail a confirmation after commit.

    Args:
        data: cleaned form data (the model fields of :class:`BookingRequest`, ``modules``).
        format_page: the ``courses.TrainingFormatPage`` the request is for.
        user: the logged-in person, or ``None`` for a visitor.
        language: the language of the confirmation e-mail.

    Returns:
        The new request in state ``new``. A failing e-mail does not undo it: the mail is a
        task enqueued on commit.
    """
    data = dict(data)
    modules = data.pop("modules", [])
    with transaction.atomic():
        booking = BookingRequest(
            **data,
            format=format_page,
            format_kind=format_page.kind,
            requested_by=user if user and user.is_authenticated else None,
            language=language,
        )
        booking.organisation = _match_organisation(
            booking.kvk_number, booking.oin, booking.organisation_name
        )
        booking.full_clean(exclude=["modules"])
        booking.save()
        if modules:
            booking.modules.set(modules)
        record(booking, "bookings.request", user=user, to_state=booking.state)
        send_email_on_commit(
            [booking.contact_email],
            "bookings/email/request_received",
            {
                "contact_name": booking.contact_name,
                "format": format_page.title,
                "reference": booking.pk,
            },
            language,
        )
    return booking


def start_intake(booking: BookingRequest, *, user) -> BookingRequest:
    """new → intake: the programme team takes the request up. Raises BookingError."""
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.NEW,))
        return move(booking, State.INTAKE, "bookings.intake", user=user)


def assign(booking: BookingRequest, *, user, institution=None, responsible=None, notes=None):
    """Assign the institution (the seller), the responsible person and/or the internal notes.

    ``responsible`` must be a member of the programme team. Allowed until invoiced; the
    institution can no longer change once a quote has been sent. Raises BookingError.
    """
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(
            booking,
            (
                State.NEW,
                State.INTAKE,
                State.QUOTED,
                State.ACCEPTED,
                State.SCHEDULED,
                State.DELIVERED,
            ),
        )
        changed = {}
        if institution is not None and institution.pk != booking.institution_id:
            if booking.quotes.exclude(state=Quote.State.DRAFT).exists():
                raise BookingError(_("The institution cannot change after a quote has been sent."))
            booking.institution = institution
            changed["institution"] = institution.pk
        if responsible is not None and responsible.pk != booking.responsible_id:
            if not responsible.is_programme_team:
                raise BookingError(_("The responsible person must be on the programme team."))
            booking.responsible = responsible
            changed["responsible"] = responsible.pk
        if notes is not None and notes != booking.internal_notes:
            booking.internal_notes = notes
            changed["notes"] = True
        if changed:
            booking.save()
            record(booking, "bookings.assign", user=user, **changed)
        return booking


def decline_request(booking: BookingRequest, *, user, reason: str) -> BookingRequest:
    """new/intake/quoted → declined by the programme team, with a reason. Raises BookingError."""
    require_team(user)
    if not reason.strip():
        raise BookingError(_("Please give a reason for declining."))
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, DECLINABLE)
        booking.quotes.filter(state=Quote.State.SENT).update(state=Quote.State.SUPERSEDED)
        return move(booking, State.DECLINED, "bookings.decline", user=user, reason=reason)


def withdraw(booking: BookingRequest, *, user, reason: str = "") -> BookingRequest:
    """Withdraw a request before it is scheduled: by the team or the organisation's contact."""
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        if not BookingRequest.objects.for_user(user).filter(pk=booking.pk).exists():
            raise BookingError(_("You cannot withdraw this booking request."))
        refuse_state(booking, WITHDRAWABLE)
        booking.quotes.filter(state=Quote.State.SENT).update(state=Quote.State.SUPERSEDED)
        return move(booking, State.WITHDRAWN, "bookings.withdraw", user=user, reason=reason)
