"""The one invoice for a booking's accepted quote, issued through ``lms.billing``, and the VAT of
quote lines.

docs/billing.md: a tailored training or engagement gets one invoice for the accepted quote,
issued by the booking's transition to ``invoiced`` after delivery. It carries exactly the
accepted lines and net amounts. Each line's VAT comes from the one VAT rule
(:func:`lms.billing.vat.decide`: line kind, the seller's CRKBO registration on the delivery
date): on the quote for its planned delivery date (fixed when it is sent), on the invoice for
the real delivery date. Where the two differ (a rate change, a CRKBO registration that ended)
staff see the difference and confirm it before the invoice is issued.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.billing import services as billing
from lms.billing.exceptions import BillingError
from lms.billing.models import SellerProfile

from .exceptions import BookingError, VatChangeNeedsConfirmation
from .models import Quote, QuoteLine
from .quote_vat import decided_lines

#: UN/ECE Recommendation 20 unit codes of quote line kinds (Peppol BT-130); others are C62.
UNIT_CODES = {
    QuoteLine.Kind.TRAINER_DAYS: "DAY",
    QuoteLine.Kind.COACHING_HOURS: "HUR",
    QuoteLine.Kind.ADVICE_HOURS: "HUR",
}


def fix_quote_vat(quote) -> list[dict]:
    """Store on each line of ``quote`` the VAT of its planned delivery date (at sending).

    Returns the "exempt on other grounds" overrides, for the action log.

    Raises:
        BookingError: an override lacks its basis or reason, or no VAT rate is defined.
    """
    try:
        decided = decided_lines(quote, on=quote.planned_delivery())
    except BillingError as error:
        raise BookingError(str(error)) from error
    overrides = []
    for item in decided:
        line = item.line
        line.vat_category, line.vat_rate, line.vat_text = (
            item.vat_category,
            item.vat_rate,
            item.exemption_reason,
        )
        line.save(update_fields=["vat_category", "vat_rate", "vat_text"])
        if line.exempt_basis:
            overrides.append(
                {"line": line.pk, "basis": line.exempt_basis, "reason": line.exempt_reason}
            )
    return overrides


@dataclass(frozen=True)
class VatChange:
    """A line whose VAT on the delivery date differs from the accepted quote's."""

    line: QuoteLine
    quoted_category: str
    quoted_rate: Decimal
    category: str
    rate: Decimal


def vat_changes(booking) -> list[VatChange]:
    """The accepted quote's lines whose VAT on the delivery date differs from the quote.

    Raises:
        BookingError: no accepted quote, or no VAT rate for the delivery date.
    """
    quote = _accepted_quote(booking)
    try:
        now = decided_lines(quote, on=delivery_date(booking))
    except BillingError as error:
        raise BookingError(str(error)) from error
    changes = []
    for quoted, delivered in zip(decided_lines(quote), now, strict=True):
        if (quoted.vat_category, quoted.vat_rate) != (delivered.vat_category, delivered.vat_rate):
            changes.append(
                VatChange(
                    quoted.line,
                    quoted.vat_category,
                    quoted.vat_rate,
                    delivered.vat_category,
                    delivered.vat_rate,
                )
            )
    return changes


def delivery_date(booking) -> dt.date:
    """The delivery date in Europe/Amsterdam: the private run's last session, the last
    engagement's closing, else today."""
    if booking.run_id is not None:
        last = booking.run.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
        if last is not None:
            return timezone.localdate(last)
    closed = (
        booking.engagements.filter(closed_at__isnull=False)
        .order_by("-closed_at")
        .values_list("closed_at", flat=True)
        .first()
    )
    return timezone.localdate(closed) if closed else timezone.localdate()


def seller_for(booking) -> SellerProfile:
    """The complete seller profile of the booking's assigned institution.

    Raises:
        BookingError: no institution assigned, no seller profile, or one that lacks data.
    """
    if booking.institution_id is None:
        raise BookingError(_("Assign an institution before invoicing."))
    seller = SellerProfile.objects.filter(institution_id=booking.institution_id).first()
    if seller is None:
        raise BookingError(
            _("%(institution)s has no seller profile yet; it cannot invoice.")
            % {"institution": booking.institution.title}
        )
    missing = seller.missing_fields()
    if missing:
        raise BookingError(
            _("The seller profile of %(institution)s lacks %(fields)s.")
            % {"institution": booking.institution.title, "fields": ", ".join(missing)}
        )
    return seller


def invoice_accepted_quote(booking, *, user, confirm_vat_change: bool = False):
    """Issue the one invoice for ``booking``'s accepted quote, inside the caller's transaction.

    Exactly the accepted lines and net amounts; VAT by the one rule on the delivery date. The
    buyer is the booking's organisation (its billing profile is copied onto the invoice, with the
    booking's contact as the buyer's reference and the PO number given at acceptance); the
    seller is the assigned institution's seller profile. Line texts are product text of a Dutch
    legal document (like the invoice PDF), not interface messages.

    Args:
        confirm_vat_change: staff saw :func:`vat_changes` and confirm invoicing with the VAT of
            the delivery date.

    Returns:
        The issued :class:`lms.billing.models.Invoice` (mailed to the organisation on commit).

    Raises:
        VatChangeNeedsConfirmation: the VAT differs from the quote and was not confirmed.
        BookingError: no accepted quote, no organisation, no billing profile, an incomplete
            seller profile, or billing refused (e.g. no VAT rate for the delivery date).
    """
    quote = _accepted_quote(booking, "lines")
    if booking.organisation_id is None:
        raise BookingError(_("Link the request to an organisation first."))
    seller = seller_for(booking)
    on = delivery_date(booking)
    if vat_changes(booking) and not confirm_vat_change:
        raise VatChangeNeedsConfirmation(
            _("The VAT on the delivery date differs from the quote; confirm it to invoice.")
        )
    try:
        buyer = billing.buyer_for_organisation(booking.organisation, "", booking.contact_name)
        lines = [_invoice_line(quote, item, on) for item in decided_lines(quote, on=on)]
        return billing.issue_invoice(
            seller,
            buyer,
            lines,
            organisation=booking.organisation,
            po_number=quote.po_number,
            user=user,
        )
    except BillingError as error:
        raise BookingError(str(error)) from error


def accepted_quote(booking, *related) -> Quote | None:
    """The booking's accepted quote, or ``None``: the one lookup of it, behind the invoice and
    its VAT check and offered to callers as ``bookings.services.accepted_quote`` (a booking
    has at most one; ``related`` names relations to prefetch, e.g. ``"lines"``)."""
    return booking.quotes.prefetch_related(*related).filter(state=Quote.State.ACCEPTED).first()


def _accepted_quote(booking, *related):
    """:func:`accepted_quote` with ``related`` prefetched; BookingError when there is none."""
    quote = accepted_quote(booking, *related)
    if quote is None:
        raise BookingError(_("There is no accepted quote to invoice."))
    return quote


def _invoice_line(quote, item, on: dt.date) -> dict:
    """The invoice line of one decided quote line, delivered ``on``, for billing's issue_invoice."""
    line = item.line
    with translation.override("nl"):
        label = str(line.get_kind_display())
    return {
        "description": f"{quote.number}: {label}"
        + (f" – {line.description}" if line.description else ""),
        "quantity": line.quantity,
        "unit_price": line.unit_price,
        "vat_category": item.vat_category,
        "vat_rate": item.vat_rate,
        "exemption_reason": item.exemption_reason,
        "delivery_date": on,
        "unit_code": UNIT_CODES.get(line.kind, "C62"),
    }
