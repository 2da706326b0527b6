"""Quotes of a booking request: drafted, revised, numbered and sent, then accepted or declined
once through their secret link.

Each service is one transaction that locks the booking and the quote, checks its
preconditions, writes and records an action-log entry. Raises :class:`BookingError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.billing.exceptions import BillingError
from lms.billing.models import SellerProfile
from lms.billing.pricing import check_po_number

from . import tasks
from .exceptions import BookingError
from .invoicing import fix_quote_vat
from .models import BookingRequest, Quote, QuoteLine, QuoteNumberSeries
from .transitions import lock_booking, move, refuse_state, require_team

State = BookingRequest.State

#: Token length in bytes: 32 bytes = 256 bits of randomness (at least 128 bits required).
TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a decision token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_quote(
    booking: BookingRequest,
    *,
    user,
    valid_until: dt.date,
    lines=(),
    introduction="",
    planned_delivery_date: dt.date | None = None,
):
    """Create a draft quote with ``lines`` (dicts of QuoteLine fields; VAT is never one of
    them: it follows from the line kind and the seller on ``planned_delivery_date``).

    Raises:
        BookingError: wrong state, or an exemption on other grounds without basis or reason.
    """
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        refuse_state(booking, (State.INTAKE, State.QUOTED))
        quote = Quote.objects.create(
            booking=booking,
            valid_until=valid_until,
            introduction=introduction,
            planned_delivery_date=planned_delivery_date,
        )
        for order, line in enumerate(lines):
            item = QuoteLine(quote=quote, sort_order=order, **line)
            try:
                item.clean()
            except ValidationError as error:
                raise BookingError(" ".join(error.messages)) from error
            item.save()
        record(quote, "bookings.quote_create", user=user, to_state=quote.state)
        return quote


def revise_quote(quote: Quote, *, user, valid_until: dt.date | None = None) -> Quote:
    """Copy a sent quote into a new draft that will supersede it once sent."""
    require_team(user)
    with transaction.atomic():
        old = Quote.objects.select_for_update().get(pk=quote.pk)
        if old.state != Quote.State.SENT:
            raise BookingError(_("Only a sent quote can be revised."))
        if Quote.objects.filter(supersedes=old).exists():
            raise BookingError(_("This quote already has a revision."))
        new = Quote.objects.create(
            booking_id=old.booking_id,
            valid_until=valid_until or old.valid_until,
            planned_delivery_date=old.planned_delivery_date,
            introduction=old.introduction,
            supersedes=old,
        )
        for line in old.lines.all():
            QuoteLine.objects.create(
                quote=new,
                kind=line.kind,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                exempt_basis=line.exempt_basis,
                exempt_reason=line.exempt_reason,
                sort_order=line.sort_order,
            )
        record(new, "bookings.quote_create", user=user, to_state=new.state, supersedes=old.pk)
        return new


def next_quote_number(institution, year: int) -> str:
    """Take the next number of ``institution``'s quote series for ``year``.

    Must run inside a transaction: the series row is locked until it commits, so the series
    stays gap-free. Format ``<prefix>-<year>-<0001>``; the prefix is the quote prefix of the
    institution's billing SellerProfile, or ``OFF-<institution code>`` while it has none.
    """
    try:
        # A savepoint: when a parallel transaction creates the year's row first, the unique
        # constraint refuses ours and we lock theirs below.
        with transaction.atomic():
            QuoteNumberSeries.objects.get_or_create(
                institution=institution, year=year, defaults={"prefix": f"OFF-{institution.code}"}
            )
    except IntegrityError:
        pass
    series = QuoteNumberSeries.objects.select_for_update().get(institution=institution, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    prefix = (
        SellerProfile.objects.filter(institution_id=institution.pk)
        .exclude(quote_prefix="")
        .values_list("quote_prefix", flat=True)
        .first()
    ) or series.prefix
    return f"{prefix}-{year}-{series.last_number:04d}"


def send_quote(quote: Quote, *, user, today: dt.date | None = None) -> str:
    """Number a draft quote, supersede the previous sent one and mail the PDF with its link.

    Returns:
        The secret decision token (only its hash is stored; the e-mail carries the link).

    Raises:
        BookingError: not a draft, no lines, already expired, no institution assigned, or the
            booking is not in intake or quoted.
    """
    require_team(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        booking = lock_booking(quote.booking_id)
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        refuse_state(booking, (State.INTAKE, State.QUOTED))
        if quote.state != Quote.State.DRAFT:
            raise BookingError(_("Only a draft quote can be sent."))
        if not quote.lines.exists():
            raise BookingError(_("A quote needs at least one line."))
        if quote.valid_until < today:
            raise BookingError(_("The validity date of this quote has already passed."))
        if booking.institution_id is None:
            raise BookingError(_("Assign an institution before sending a quote."))
        for previous in booking.quotes.select_for_update().filter(state=Quote.State.SENT):
            previous.state = Quote.State.SUPERSEDED
            previous.save(update_fields=["state"])
            record(
                previous,
                "bookings.quote_supersede",
                user=user,
                from_state="sent",
                to_state="superseded",
                by=quote.pk,
            )
        token = secrets.token_urlsafe(TOKEN_BYTES)
        quote.number = next_quote_number(booking.institution, today.year)
        quote.token_hash = hash_token(token)
        quote.state = Quote.State.SENT
        quote.sent_at = timezone.now()
        quote.save()
        overrides = fix_quote_vat(quote)
        record(
            quote,
            "bookings.quote_send",
            user=user,
            from_state="draft",
            to_state="sent",
            number=quote.number,
            exempt_on_other_grounds=overrides,
        )
        if booking.state != State.QUOTED:
            move(booking, State.QUOTED, "bookings.quoted", user=user, quote=quote.number)
        tasks.send_quote_on_commit(quote.pk, token, booking.language)
    return token


def quote_for_token(token: str) -> Quote:
    """The quote a decision token belongs to, checked to be still open for a decision.

    Raises:
        BookingError: unknown token, superseded, already decided, or expired.
    """
    quote = Quote.objects.select_related("booking").filter(token_hash=hash_token(token)).first()
    return _check_decidable(quote)


def _check_decidable(quote, today=None) -> Quote:
    if quote is None:
        raise BookingError(_("This link is not valid."))
    if quote.state == Quote.State.SUPERSEDED:
        raise BookingError(_("This quote has been replaced by a newer one; use the latest link."))
    if quote.state in (Quote.State.ACCEPTED, Quote.State.DECLINED):
        raise BookingError(_("This link has already been used."))
    if quote.state != Quote.State.SENT:
        raise BookingError(_("This link is not valid."))
    if quote.is_expired(today):
        raise BookingError(_("This quote has expired. Please ask us for a new one."))
    return quote


def decide_quote(
    token: str, *, accept: bool, name: str, role: str, user=None, today=None, po_number: str = ""
):
    """Accept or decline a quote through its secret link; the link works once.

    Records the deciding person's name and role and the time, and on acceptance the
    organisation's purchase-order number (printed on the invoice and its e-invoice). Accepting
    moves the booking to ``accepted``; declining moves it to ``declined``.

    Raises:
        BookingError: see :func:`quote_for_token`; name or role missing; accepting without a
            PO number for an organisation that requires one (billing's
            :func:`lms.billing.pricing.check_po_number`).
    """
    if not name.strip() or not role.strip():
        raise BookingError(_("Please give your name and role."))
    with transaction.atomic():
        found = (
            Quote.objects.filter(token_hash=hash_token(token))
            .values_list("pk", "booking_id")
            .first()
        )
        if found is None:
            raise BookingError(_("This link is not valid."))
        booking = lock_booking(found[1])
        quote = _check_decidable(Quote.objects.select_for_update().get(pk=found[0]), today)
        refuse_state(booking, (State.QUOTED,))
        if accept and booking.organisation_id is not None:
            try:
                check_po_number(booking.organisation, po_number)
            except BillingError as error:
                raise BookingError(str(error)) from error
            quote.po_number = po_number.strip()
        quote.state = Quote.State.ACCEPTED if accept else Quote.State.DECLINED
        quote.decided_at = timezone.now()
        quote.decided_by_name = name.strip()
        quote.decided_by_role = role.strip()
        quote.save()
        action = "bookings.quote_accept" if accept else "bookings.quote_decline"
        record(
            quote,
            action,
            user=user,
            from_state="sent",
            to_state=quote.state,
            name=quote.decided_by_name,
            role=quote.decided_by_role,
        )
        to_state = State.ACCEPTED if accept else State.DECLINED
        move(booking, to_state, action, user=user, quote=quote.number)
    return quote
