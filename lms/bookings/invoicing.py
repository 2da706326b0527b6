"""The one invoice for a booking's accepted quote, issued through ``lms.billing``.

DESIGN.md: a tailored training or engagement gets one invoice for the accepted quote, issued by
the booking's transition to ``invoiced`` after delivery. Each quote line becomes an invoice line
with its own VAT treatment, fixed on the delivery date:

* an ``exempt`` line is category ``E`` with the art. 11 lid 1 onderdeel o Wet OB 1968 text only
  when it is vocational training (not an advice format, not advice hours) and the seller is
  CRKBO-registered on the delivery date;
* every other line is category ``S`` at billing's standard rate (``VatRate``) on that date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.billing import services as billing
from lms.billing.exceptions import BillingError
from lms.billing.models import SellerProfile, VatRate
from lms.billing.pricing import EXEMPTION_TEXT

from .exceptions import BookingError
from .models import NON_TRAINING_KINDS, QuoteLine
from .money import VatTreatment

#: UN/ECE Recommendation 20 unit codes of quote line kinds (Peppol BT-130); others are C62.
UNIT_CODES = {
    QuoteLine.Kind.TRAINER_DAYS: "DAY",
    QuoteLine.Kind.COACHING_HOURS: "HUR",
    QuoteLine.Kind.ADVICE_HOURS: "HUR",
}


def is_training_line(booking, line) -> bool:
    """True when ``line`` of ``booking``'s quote is vocational training (may be exempt)."""
    return (
        booking.format_kind not in NON_TRAINING_KINDS and line.kind != QuoteLine.Kind.ADVICE_HOURS
    )


def vat_treatment(booking, line, seller: SellerProfile, on: dt.date) -> tuple[str, Decimal, str]:
    """``(category, rate %, exemption text)`` of a quote line delivered on ``on``.

    Raises:
        BillingError: no standard VAT rate is defined for ``on``.
    """
    if (
        line.vat == VatTreatment.EXEMPT
        and is_training_line(booking, line)
        and seller.is_crkbo_registered(on)
    ):
        return "E", Decimal("0.00"), EXEMPTION_TEXT
    return "S", VatRate.rate_on(on, "S"), ""


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


def invoice_accepted_quote(booking, *, user):
    """Issue the one invoice for ``booking``'s accepted quote, inside the caller's transaction.

    The buyer is the booking's organisation (its billing profile is copied onto the invoice,
    with the booking's contact as the buyer's reference and the PO number given at acceptance);
    the seller is the assigned institution's seller profile. Line texts are product text of a
    Dutch legal document (like the invoice PDF), not interface messages.

    Returns:
        The issued :class:`lms.billing.models.Invoice` (mailed to the organisation on commit).

    Raises:
        BookingError: no accepted quote, no organisation, no billing profile, an incomplete
            seller profile, or billing refused (e.g. no VAT rate for the delivery date).
    """
    quote = booking.quotes.filter(state="accepted").prefetch_related("lines").first()
    if quote is None:
        raise BookingError(_("There is no accepted quote to invoice."))
    if booking.organisation_id is None:
        raise BookingError(_("Link the request to an organisation first."))
    seller = seller_for(booking)
    on = delivery_date(booking)
    try:
        buyer = billing.buyer_for_organisation(booking.organisation, "", booking.contact_name)
        lines = []
        for line in quote.lines.all():
            category, rate, exemption = vat_treatment(booking, line, seller, on)
            with translation.override("nl"):
                label = str(line.get_kind_display())
            lines.append(
                {
                    "description": f"{quote.number}: {label}"
                    + (f" – {line.description}" if line.description else ""),
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "vat_category": category,
                    "vat_rate": rate,
                    "exemption_reason": exemption,
                    "delivery_date": on,
                    "unit_code": UNIT_CODES.get(line.kind, "C62"),
                }
            )
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
