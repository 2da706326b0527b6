"""Quote arithmetic, following docs/billing.md's money rules.

Each line's net amount is ``quantity × unit price`` rounded half-up to cents when the line is
made; VAT is computed once per (category, rate) on the net subtotal of that group and rounded
half-up, with billing's own function, so a quote and its invoice add up the same way. All
amounts are ``Decimal`` euros with two places.

A line's VAT treatment is never chosen by hand: :func:`lms.bookings.invoicing.decide_line`
applies the one VAT rule of ``lms.billing.vat`` (line kind, the seller's CRKBO registration on
the delivery date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def standard_rate_on(day: dt.date) -> Decimal:
    """The standard VAT rate in percent on ``day``, from billing's VatRate data.

    Raises:
        lms.billing.exceptions.BillingError: no rate is defined for that date.
    """
    from lms.billing.models import VatRate

    return VatRate.rate_on(day, "S")


def to_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` half-up to whole cents."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Net amount of one line in euros: quantity × unit price, rounded half-up to cents."""
    return to_cents(Decimal(quantity) * Decimal(unit_price))


@dataclass(frozen=True)
class DecidedLine:
    """A quote line with its VAT decided: net euros, UNCL 5305 category, rate % and the
    exemption text printed on the quote and the invoice."""

    line: object
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal
    exemption_reason: str


@dataclass(frozen=True)
class Totals:
    """Net subtotal, the VAT breakdown (``lms.billing.money.VatGroup`` rows) and the total."""

    net: Decimal
    vat: Decimal
    breakdown: list = field(default_factory=list)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    def groups(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        """``(category, rate %, net base, vat)`` rows, for the PDF and the pages."""
        return [(g.category, g.rate, g.taxable, g.vat) for g in self.breakdown]


def totals(lines: list[DecidedLine]) -> Totals:
    """Totals of decided ``lines``: VAT once per (category, rate) on that group's subtotal."""
    from lms.billing.money import document_totals

    net, vat, _total, breakdown = document_totals(lines)
    return Totals(net=net, vat=vat, breakdown=breakdown)
