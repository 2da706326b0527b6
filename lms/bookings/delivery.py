"""Delivering an accepted booking: a private run or an engagement (scheduled), then
delivered and invoiced.

Each service is one transaction that locks the booking, checks its preconditions, writes and
records an action-log entry. Raises :class:`BookingError`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun
from lms.enrolment.runs import create_run

from .exceptions import BookingError
from .invoicing import invoice_accepted_quote, vat_changes
from .models import ENGAGEMENT_KINDS, RUN_KINDS, BookingRequest, Engagement
from .transitions import lock_booking, move, refuse_state, require_team

State = BookingRequest.State


def create_private_run(booking, *, user, module, code: str, capacity: int, sessions, place=""):
    """accepted → scheduled: deliver a run-kind booking as a private run of ``module``, created
    by enrolment's run service (:func:`lms.enrolment.runs.create_run`, which logs it).

    Args:
        module: a ``courses.CourseModulePage`` (an existing one or one written for the
            occasion).
        code: the run's unique code.
        capacity: seats (at least 1, at most the expected participants plus 50 %).
        sessions: (starts_at, ends_at) pairs of aware datetimes.

    Returns:
        The private, published :class:`CourseRun` (price 0: the organisation pays the quote).

    Raises:
        BookingError: wrong state or format kind, or the run refused by
            :func:`lms.enrolment.runs.create_run` (no sessions, bad session times, code taken).
    """
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.ACCEPTED,))
        if booking.format_kind not in RUN_KINDS:
            raise BookingError(_("This format is delivered as an engagement, not as a run."))
        try:
            run = create_run(
                user=user,
                module=module,
                code=code,
                sessions=sessions,
                capacity=capacity,
                title=f"{module.title} – {booking.organisation_name}",
                place=place or booking.place_detail,
                price=Decimal("0.00"),
                status=CourseRun.Status.PUBLISHED,
                is_private=True,
            )
        except EnrolmentError as error:
            raise BookingError(str(error)) from error
        booking.run = run
        booking.save(update_fields=["run"])
        move(booking, State.SCHEDULED, "bookings.schedule", user=user, run=run.code)
    return run


def start_engagement(
    booking,
    *,
    user,
    coaches,
    goals: str,
    planned_hours: Decimal,
    starts_on: dt.date,
    ends_on: dt.date,
    project_name: str = "",
    pilot_project=None,
    participants=(),
):
    """accepted → scheduled: deliver an engagement-kind booking as an engagement.

    ``coaches`` must all be members of the Coaches group; the booking must be linked to an
    organisation. ``pilot_project`` is an optional ``courses.PilotProjectPage``;
    ``participants`` the organisation's named people (users), who receive a certificate of
    participation at closing when the format grants one. Returns the open
    :class:`Engagement`. Raises BookingError.
    """
    from lms.accounts.models import COACHES_GROUP

    require_team(user)
    coaches = list(coaches)
    if not coaches:
        raise BookingError(_("Assign at least one coach or adviser."))
    if any(not c.groups.filter(name=COACHES_GROUP).exists() for c in coaches):
        raise BookingError(_("Only members of the Coaches group can be assigned."))
    if planned_hours is None or planned_hours <= 0:
        raise BookingError(_("Planned hours must be more than zero."))
    if ends_on < starts_on:
        raise BookingError(_("The period must end after it starts."))
    if not goals.strip():
        raise BookingError(_("Please describe the goals."))
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.ACCEPTED,))
        if booking.format_kind not in ENGAGEMENT_KINDS:
            raise BookingError(_("This format is delivered as a private run, not an engagement."))
        if booking.organisation_id is None:
            raise BookingError(_("Link the request to an organisation first."))
        engagement = Engagement.objects.create(
            booking=booking,
            organisation_id=booking.organisation_id,
            project_name=project_name,
            pilot_project=pilot_project,
            goals=goals,
            planned_hours=planned_hours,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        engagement.coaches.set(coaches)
        engagement.participants.set(list(participants))
        record(engagement, "bookings.engagement_start", user=user, to_state=engagement.state)
        move(booking, State.SCHEDULED, "bookings.schedule", user=user, engagement=engagement.pk)
    return engagement


def mark_delivered(booking, *, user, now=None) -> BookingRequest:
    """scheduled → delivered: the run's last session has ended, or every engagement is closed."""
    require_team(user)
    now = now or timezone.now()
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.SCHEDULED,))
        if booking.run_id is not None:
            if booking.run.sessions.filter(ends_at__gt=now).exists():
                raise BookingError(_("The private run has sessions still to come."))
        elif booking.engagements.filter(state=Engagement.State.OPEN).exists():
            raise BookingError(_("Close the engagement before marking it delivered."))
        return move(booking, State.DELIVERED, "bookings.deliver", user=user)


def mark_invoiced(booking, *, user, confirm_vat_change: bool = False) -> BookingRequest:
    """delivered → invoiced: issue the one invoice for the accepted quote (lms.billing).

    Raises:
        VatChangeNeedsConfirmation: the VAT on the delivery date differs from the quote and
            ``confirm_vat_change`` is not set (the staff page shows the difference first).
        BookingError: as :func:`lms.bookings.invoicing.invoice_accepted_quote`.
    """
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.DELIVERED,))
        changes = vat_changes(booking)
        invoice = invoice_accepted_quote(booking, user=user, confirm_vat_change=confirm_vat_change)
        return move(
            booking,
            State.INVOICED,
            "bookings.invoice",
            user=user,
            invoice=str(invoice),
            vat_changed=[
                {"line": c.line.pk, "quoted": str(c.quoted_rate), "invoiced": str(c.rate)}
                for c in changes
            ],
        )
