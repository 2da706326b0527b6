"""Quote arithmetic, following DESIGN.md's money rules.

Each line's net amount is ``quantity × unit price`` rounded half-up to cents when the line is
made; VAT is computed once per rate on the net subtotal of that rate and rounded half-up. All
amounts are ``Decimal`` euros with two places.

VAT treatment per line: ``exempt`` for vocational training sold by a CRKBO-registered
institution (Wet OB 1968, art. 11 lid 1 onderdeel o; category E), ``standard`` for everything
else, e.g. advice and coaching that are not training (Wet OB 1968, art. 9 lid 1). The standard
rate is data with a valid-from date: ``lms.billing.models.VatRate``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


class VatTreatment(models.TextChoices):
    EXEMPT = "exempt", _("Exempt (CRKBO training)")
    STANDARD = "standard", _("Standard rate")


def standard_rate_on(day: dt.date) -> Decimal:
    """The standard VAT rate in percent on ``day``, from billing's VatRate data.

    Raises:
        lms.billing.exceptions.BillingError: no rate is defined for that date.
    """
    from lms.billing.models import VatRate

    return VatRate.rate_on(day, "S")


def rate_for(treatment: str, standard_rate: Decimal) -> Decimal:
    """The rate in percent of a line with ``treatment``: 0 when exempt, else ``standard_rate``."""
    return ZERO if treatment == VatTreatment.EXEMPT else Decimal(standard_rate)


def to_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` half-up to whole cents."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Net amount of one line in euros: quantity × unit price, rounded half-up to cents."""
    return to_cents(Decimal(quantity) * Decimal(unit_price))


@dataclass(frozen=True)
class Totals:
    """Net subtotal, VAT per treatment ``{treatment: (net base, vat)}``, the rate in percent
    per treatment, and the total (all euros)."""

    net: Decimal
    vat_by_treatment: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    rates: dict[str, Decimal] = field(default_factory=dict)

    @property
    def vat(self) -> Decimal:
        return sum((vat for _base, vat in self.vat_by_treatment.values()), ZERO)

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat

    def groups(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        """``(treatment, rate %, net base, vat)`` rows, for the PDF and the pages."""
        return [
            (treatment, self.rates[treatment], base, vat)
            for treatment, (base, vat) in self.vat_by_treatment.items()
        ]


def totals(lines, standard_rate: Decimal) -> Totals:
    """Totals of ``lines`` (objects with ``quantity``, ``unit_price`` and ``vat``).

    Args:
        standard_rate: the standard VAT rate in percent on the quote's date
            (see :func:`standard_rate_on`).

    VAT is computed once per rate on that rate's net subtotal, never per line.
    """
    bases: dict[str, Decimal] = {}
    for line in lines:
        bases[line.vat] = bases.get(line.vat, ZERO) + line_net(line.quantity, line.unit_price)
    rates = {treatment: rate_for(treatment, standard_rate) for treatment in bases}
    vat_by_treatment = {
        treatment: (base, to_cents(base * rates[treatment] / HUNDRED))
        for treatment, base in sorted(bases.items())
    }
    return Totals(net=sum(bases.values(), ZERO), vat_by_treatment=vat_by_treatment, rates=rates)
