"""The VAT of quote lines, from the one VAT rule (:func:`lms.billing.vat.decide`: line kind,
the seller's CRKBO registration on the delivery date), and a quote's totals.

A sent quote keeps the VAT fixed when it was sent; a draft (or a question for another day)
applies the rule on the planned delivery date. Amounts are ``Decimal`` euros.
"""

from __future__ import annotations

import datetime as dt

from lms.billing import money, vat
from lms.billing.models import SellerProfile
from lms.billing.money import DecidedLine

from .models import NON_TRAINING_KINDS, QuoteLine

#: Quote-line kinds that are advice or coaching, never vocational training as such.
NON_TRAINING_LINES = frozenset({QuoteLine.Kind.ADVICE_HOURS, QuoteLine.Kind.COACHING_HOURS})


def is_training_line(booking, line) -> bool:
    """True when ``line`` of ``booking``'s quote is vocational training (may be exempt):
    not an advice format, and not advice or coaching hours. Preparation, materials, travel
    and venue follow the training they belong to."""
    return booking.format_kind not in NON_TRAINING_KINDS and line.kind not in NON_TRAINING_LINES


def decide_line(booking, line, seller: SellerProfile | None, on: dt.date) -> vat.VatDecision:
    """The VAT of quote ``line`` delivered on ``on`` by ``seller`` (one rule, never by hand).

    Raises:
        BillingError: an override lacks its basis or reason, or no standard rate for ``on``.
    """
    kind = vat.TRAINING if is_training_line(booking, line) else vat.ADVICE
    return vat.decide(
        kind, seller, on, exempt_basis=line.exempt_basis, exempt_reason=line.exempt_reason
    )


def seller_of(booking) -> SellerProfile | None:
    """The seller profile of ``booking``'s institution, or ``None`` (none, or no profile)."""
    if booking.institution_id is None:
        return None
    return SellerProfile.objects.filter(institution_id=booking.institution_id).first()


def decided_lines(quote, on: dt.date | None = None) -> list[DecidedLine]:
    """``quote``'s lines with their VAT: as fixed when the quote was sent, or (a draft, or
    ``on`` given) by the VAT rule on ``on`` / the quote's planned delivery date."""
    lines = list(quote.lines.all())
    if on is None and lines and all(line.vat_category_rate for line in lines):
        return [
            DecidedLine(line, line.net_amount, line.vat_category, line.vat_rate, line.vat_text)
            for line in lines
        ]
    booking = quote.booking
    seller = seller_of(booking)
    day = on or quote.planned_delivery()
    decided = []
    for line in lines:
        decision = decide_line(booking, line, seller, day)
        decided.append(
            DecidedLine(line, line.net_amount, decision.category, decision.rate, decision.text)
        )
    return decided


def quote_totals(quote) -> money.Totals:
    """Net subtotal, VAT per (category, rate) and total of ``quote``'s lines.

    A sent quote uses the VAT fixed when it was sent; a draft applies the one VAT rule on the
    planned delivery date (see :func:`decided_lines`).
    """
    return money.totals(decided_lines(quote))
