"""Booking transitions: new → intake → quoted → accepted → scheduled → delivered → invoiced,
plus declined and withdrawn; quotes; engagements with logged hours.

Each service is one transaction that locks the rows it decides on, checks its preconditions,
writes and records an action-log entry. A refused step raises :class:`BookingError` with a
message fit for the person who asked; nothing has changed then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.models import Organisation
from lms.accounts.tasks import send_email_on_commit
from lms.billing.exceptions import BillingError
from lms.billing.models import SellerProfile
from lms.billing.pricing import check_po_number
from lms.certificates.exceptions import CertificateError
from lms.certificates.services import CertificateSubject, issue_certificate
from lms.enrolment.models import CourseRun, Session

from . import tasks
from .exceptions import BookingError
from .invoicing import fix_quote_vat, invoice_accepted_quote, vat_changes
from .models import (
    CERTIFICATE_KINDS,
    ENGAGEMENT_KINDS,
    RUN_KINDS,
    BookingRequest,
    Engagement,
    EngagementSession,
    Quote,
    QuoteLine,
    QuoteNumberSeries,
)
from .notifications import notify_transition

State = BookingRequest.State

#: Token length in bytes: 32 bytes = 256 bits of randomness (at least 128 bits required).
TOKEN_BYTES = 32
#: From these states the organisation or the team may withdraw a request.
WITHDRAWABLE = (State.NEW, State.INTAKE, State.QUOTED, State.ACCEPTED)
#: From these states the programme team may decline a request.
DECLINABLE = (State.NEW, State.INTAKE, State.QUOTED)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a decision token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _lock_booking(booking_id: int) -> BookingRequest:
    return BookingRequest.objects.select_for_update().get(pk=booking_id)


def _require_team(user) -> None:
    if not (user and user.is_authenticated and user.is_programme_team):
        raise BookingError(_("Only the programme team can do this."))


def _move(booking: BookingRequest, to_state: str, action: str, *, user, reason="", **data):
    from_state = booking.state
    booking.state = to_state
    booking.save(update_fields=["state", "updated_at"])
    record(
        booking, action, user=user, from_state=from_state, to_state=to_state, reason=reason, **data
    )
    notify_transition(booking, to_state)
    return booking


def _refuse_state(booking: BookingRequest, allowed) -> None:
    if booking.state not in allowed:
        raise BookingError(
            _("A booking request that is %(state)s cannot take this step.")
            % {"state": booking.get_state_display().lower()}
        )


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
    _require_team(user)
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.NEW,))
        return _move(booking, State.INTAKE, "bookings.intake", user=user)


def assign(booking: BookingRequest, *, user, institution=None, responsible=None, notes=None):
    """Assign the institution (the seller), the responsible person and/or the internal notes.

    ``responsible`` must be a member of the programme team. Allowed until invoiced; the
    institution can no longer change once a quote has been sent. Raises BookingError.
    """
    _require_team(user)
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(
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
    _require_team(user)
    if not reason.strip():
        raise BookingError(_("Please give a reason for declining."))
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, DECLINABLE)
        booking.quotes.filter(state=Quote.State.SENT).update(state=Quote.State.SUPERSEDED)
        return _move(booking, State.DECLINED, "bookings.decline", user=user, reason=reason)


def withdraw(booking: BookingRequest, *, user, reason: str = "") -> BookingRequest:
    """Withdraw a request before it is scheduled: by the team or the organisation's contact."""
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        if not BookingRequest.objects.for_user(user).filter(pk=booking.pk).exists():
            raise BookingError(_("You cannot withdraw this booking request."))
        _refuse_state(booking, WITHDRAWABLE)
        booking.quotes.filter(state=Quote.State.SENT).update(state=Quote.State.SUPERSEDED)
        return _move(booking, State.WITHDRAWN, "bookings.withdraw", user=user, reason=reason)


# --- quotes --------------------------------------------------------------------------------


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
    _require_team(user)
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.INTAKE, State.QUOTED))
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
    _require_team(user)
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
    _require_team(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        booking = _lock_booking(quote.booking_id)
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        _refuse_state(booking, (State.INTAKE, State.QUOTED))
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
            _move(booking, State.QUOTED, "bookings.quoted", user=user, quote=quote.number)
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
        booking = _lock_booking(found[1])
        quote = _check_decidable(Quote.objects.select_for_update().get(pk=found[0]), today)
        _refuse_state(booking, (State.QUOTED,))
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
        _move(booking, to_state, action, user=user, quote=quote.number)
    return quote


def accepted_quote(booking: BookingRequest) -> Quote | None:
    """The booking's accepted quote, if any."""
    return booking.quotes.filter(state=Quote.State.ACCEPTED).first()


# --- delivery ------------------------------------------------------------------------------


def create_private_run(booking, *, user, module, code: str, capacity: int, sessions, place=""):
    """accepted → scheduled: deliver a run-kind booking as a private run of ``module``.

    Args:
        module: a ``courses.CourseModulePage`` (an existing one or one written for the
            occasion).
        code: the run's unique code.
        capacity: seats (at least 1, at most the expected participants plus 50 %).
        sessions: (starts_at, ends_at) pairs of aware datetimes.

    Returns:
        The private, published :class:`CourseRun` (price 0: the organisation pays the quote).

    Raises:
        BookingError: wrong state or format kind, no sessions, bad session times, code taken.
    """
    _require_team(user)
    sessions = list(sessions)
    if not sessions:
        raise BookingError(_("A private run needs at least one session."))
    if any(end <= start for start, end in sessions):
        raise BookingError(_("A session must end after it starts."))
    if capacity < 1:
        raise BookingError(_("A run needs at least one seat."))
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.ACCEPTED,))
        if booking.format_kind not in RUN_KINDS:
            raise BookingError(_("This format is delivered as an engagement, not as a run."))
        if CourseRun.objects.filter(code=code).exists():
            raise BookingError(_("A run with this code already exists."))
        run = CourseRun.objects.create(
            module=module,
            code=code,
            title=f"{module.title} – {booking.organisation_name}",
            place=place or booking.place_detail,
            capacity=capacity,
            price=Decimal("0.00"),
            status=CourseRun.Status.PUBLISHED,
            is_private=True,
        )
        for index, (start, end) in enumerate(sessions, start=1):
            Session.objects.create(
                run=run, title=_("Day %(n)s") % {"n": index}, starts_at=start, ends_at=end
            )
        booking.run = run
        booking.save(update_fields=["run"])
        _move(booking, State.SCHEDULED, "bookings.schedule", user=user, run=run.code)
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

    _require_team(user)
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
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.ACCEPTED,))
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
        _move(booking, State.SCHEDULED, "bookings.schedule", user=user, engagement=engagement.pk)
    return engagement


def mark_delivered(booking, *, user, now=None) -> BookingRequest:
    """scheduled → delivered: the run's last session has ended, or every engagement is closed."""
    _require_team(user)
    now = now or timezone.now()
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.SCHEDULED,))
        if booking.run_id is not None:
            if booking.run.sessions.filter(ends_at__gt=now).exists():
                raise BookingError(_("The private run has sessions still to come."))
        elif booking.engagements.filter(state=Engagement.State.OPEN).exists():
            raise BookingError(_("Close the engagement before marking it delivered."))
        return _move(booking, State.DELIVERED, "bookings.deliver", user=user)


def mark_invoiced(booking, *, user, confirm_vat_change: bool = False) -> BookingRequest:
    """delivered → invoiced: issue the one invoice for the accepted quote (lms.billing).

    Raises:
        VatChangeNeedsConfirmation: the VAT on the delivery date differs from the quote and
            ``confirm_vat_change`` is not set (the staff page shows the difference first).
        BookingError: as :func:`lms.bookings.invoicing.invoice_accepted_quote`.
    """
    _require_team(user)
    with transaction.atomic():
        booking = _lock_booking(booking.pk)
        _refuse_state(booking, (State.DELIVERED,))
        changes = vat_changes(booking)
        invoice = invoice_accepted_quote(booking, user=user, confirm_vat_change=confirm_vat_change)
        return _move(
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


# --- engagements ---------------------------------------------------------------------------


def _lock_engagement(engagement_id: int) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement_id)


def log_session(
    engagement,
    *,
    coach,
    date: dt.date,
    duration_hours: Decimal,
    topics: str,
    participants: str = "",
    confidential_notes: str = "",
) -> EngagementSession:
    """Log one coaching or advice session by one of the engagement's coaches.

    ``duration_hours`` is Decimal hours, more than 0 and at most 24. Raises BookingError when
    the engagement is closed, the person is not its coach, or the input is out of range.
    """
    if duration_hours is None or not (Decimal("0") < duration_hours <= Decimal("24")):
        raise BookingError(_("A session lasts more than 0 and at most 24 hours."))
    if date > timezone.localdate():
        raise BookingError(_("A session cannot be logged for a future date."))
    if not topics.strip():
        raise BookingError(_("Please list the topics discussed."))
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        if not engagement.coaches.filter(pk=coach.pk).exists():
            raise BookingError(_("Only this engagement's coaches can log hours on it."))
        if engagement.state != Engagement.State.OPEN:
            raise BookingError(_("This engagement is closed; no more hours can be logged."))
        session = EngagementSession.objects.create(
            engagement=engagement,
            coach=coach,
            date=date,
            duration_hours=duration_hours,
            topics=topics,
            participants=participants,
            confidential_notes=confidential_notes,
        )
        record(
            engagement,
            "bookings.engagement_log",
            user=coach,
            session=session.pk,
            hours=str(duration_hours),
        )
    return session


def close_engagement(engagement, *, user, evaluation: str) -> Engagement:
    """open → closed with an evaluation, by a coach of the engagement or the programme team.

    When the format grants one (``CERTIFICATE_KINDS``: training on the job), every named
    participant receives a certificate of participation through ``lms.certificates``, in the
    same transaction: a certificate that cannot be issued (e.g. a participant without a name)
    keeps the engagement open.

    Raises:
        BookingError: no evaluation, not allowed, already closed, or a certificate refused.
    """
    if not evaluation.strip():
        raise BookingError(_("Please write an evaluation before closing."))
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        is_coach = engagement.coaches.filter(pk=user.pk).exists()
        if not (is_coach or user.is_programme_team):
            raise BookingError(_("You cannot close this engagement."))
        if engagement.state != Engagement.State.OPEN:
            raise BookingError(_("This engagement is already closed."))
        engagement.state = Engagement.State.CLOSED
        engagement.evaluation = evaluation
        engagement.closed_at = timezone.now()
        engagement.save()
        certificates = _issue_participation_certificates(engagement, user=user)
        record(
            engagement,
            "bookings.engagement_close",
            user=user,
            from_state="open",
            to_state="closed",
            certificates=len(certificates),
        )
    return engagement


def _issue_participation_certificates(engagement: Engagement, *, user) -> list:
    booking = engagement.booking
    if booking.format_kind not in CERTIFICATE_KINDS:
        return []
    institution = booking.institution
    title = f"{booking.format.title}: {engagement.project_title}"
    issued = []
    for participant in engagement.participants.order_by("pk"):
        subject = CertificateSubject(
            user=participant,
            module_title=title,
            institution_name=institution.title if institution else "",
            institution=institution,
            organisation=engagement.organisation,
            completion_date=timezone.localdate(engagement.closed_at),
        )
        try:
            issued.append(issue_certificate(subject, user=user))
        except CertificateError as error:
            raise BookingError(
                _("No certificate for %(email)s: %(reason)s")
                % {"email": participant.email, "reason": error}
            ) from error
    return issued
