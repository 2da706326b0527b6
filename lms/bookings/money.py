"""Quote arithmetic, following DESIGN.md's money rules.

Each line's net amount is ``quantity × unit price`` rounded half-up to cents when the line is
made; VAT is computed once per rate on the net subtotal of that rate and rounded half-up. All
amounts are ``Decimal`` euros with two places.

VAT treatment per line: ``exempt`` for vocational training sold by a CRKBO-registered
institution (Wet OB 1968, art. 11 lid 1 sub o; category E), ``standard`` 21 % (Wet OB 1968,
art. 9 lid 1) for everything else, e.g. advice and coaching that are not training.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class VatTreatment(models.TextChoices):
    EXEMPT = "exempt", _("Exempt (CRKBO training)")
    STANDARD = "standard", _("Standard rate 21%")


#: Rate per treatment. TODO(billing merge): take rates with valid-from dates from lms.billing.
VAT_RATES: dict[str, Decimal] = {
    VatTreatment.EXEMPT: Decimal("0"),
    VatTreatment.STANDARD: Decimal("0.21"),
}


def to_cents(amount: Decimal) -> Decimal:
    """Round ``amount`` half-up to whole cents."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Net amount of one line in euros: quantity × unit price, rounded half-up to cents."""
    return to_cents(Decimal(quantity) * Decimal(unit_price))


@dataclass(frozen=True)
class Totals:
    """Net subtotal, VAT per treatment ``{treatment: (net base, vat)}`` and the total."""

    net: Decimal
    vat_by_treatment: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def vat(self) -> Decimal:
        return sum((vat for _base, vat in self.vat_by_treatment.values()), Decimal("0.00"))

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def totals(lines) -> Totals:
    """Totals of ``lines`` (objects with ``quantity``, ``unit_price`` and ``vat``).

    VAT is computed once per rate on that rate's net subtotal, never per line.
    """
    bases: dict[str, Decimal] = {}
    for line in lines:
        bases[line.vat] = bases.get(line.vat, Decimal("0.00")) + line_net(
            line.quantity, line.unit_price
        )
    vat_by_treatment = {
        treatment: (base, to_cents(base * VAT_RATES[treatment]))
        for treatment, base in sorted(bases.items())
    }
    return Totals(net=sum(bases.values(), Decimal("0.00")), vat_by_treatment=vat_by_treatment)
