"""Money arithmetic shared by invoices, credit notes, the PDF and the e-invoice.

Each line's net amount is rounded half-up to cents when the line is made; VAT is computed once per
(category, rate) on the document's net subtotal and rounded half-up (EN 16931 BR-CO-17), so the
PDF and the UBL export agree to the cent.
"""

from collections import OrderedDict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def round_cents(amount: Decimal) -> Decimal:
    """``amount`` rounded half-up to whole cents (euros, two places)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VatGroup:
    """One row of the VAT breakdown: net taxable amount, category, rate (%) and VAT (euros)."""

    category: str
    rate: Decimal
    taxable: Decimal
    vat: Decimal
    exemption_reason: str = ""

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "rate": str(self.rate),
            "taxable": str(self.taxable),
            "vat": str(self.vat),
            "exemption_reason": self.exemption_reason,
        }


def vat_breakdown(lines) -> list[VatGroup]:
    """Group ``lines`` (objects with ``net_amount``, ``vat_category``, ``vat_rate``,
    ``exemption_reason``) by category and rate and compute VAT once per group."""
    groups: OrderedDict = OrderedDict()
    for line in lines:
        key = (line.vat_category, Decimal(line.vat_rate).quantize(CENT))
        taxable, reason = groups.get(key, (ZERO, line.exemption_reason))
        groups[key] = (taxable + Decimal(line.net_amount), reason)
    return [
        VatGroup(cat, rate, round_cents(taxable), round_cents(taxable * rate / HUNDRED), reason)
        for (cat, rate), (taxable, reason) in groups.items()
    ]


def document_totals(lines) -> tuple[Decimal, Decimal, Decimal, list[VatGroup]]:
    """Return ``(net, vat, total, breakdown)`` for a document made of ``lines``."""
    breakdown = vat_breakdown(lines)
    net = sum((g.taxable for g in breakdown), ZERO)
    vat = sum((g.vat for g in breakdown), ZERO)
    return net, vat, net + vat, breakdown


def gross_price(net: Decimal, rate: Decimal) -> Decimal:
    """The price including VAT at ``rate`` percent, as a professional sees it before confirming."""
    return round_cents(net + net * rate / HUNDRED)


def structured_reference(base: int) -> str:
    """A 16-digit Dutch structured payment reference (betalingskenmerk) for the 15-digit ``base``.

    The first digit is the check digit: 11 minus the weighted sum modulo 11 (weights 2, 4, 8, 5,
    10, 9, 7, 3, 6, 1 repeating from the right; 10 becomes 1 and 11 becomes 0), per the
    Currence "betalingskenmerk" specification.
    """
    digits = f"{base:015d}"
    if len(digits) != 15:
        raise ValueError("base must have at most 15 digits")
    weights = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1]
    total = sum(int(d) * weights[i % 10] for i, d in enumerate(reversed(digits)))
    check = 11 - total % 11
    check = {10: 1, 11: 0}.get(check, check)
    return f"{check}{digits}"


def is_structured_reference(value: str) -> bool:
    """True when ``value`` is a 16-digit structured reference with a correct check digit."""
    value = (value or "").replace(" ", "")
    return len(value) == 16 and value.isdigit() and structured_reference(int(value[1:])) == value


def format_amount(amount, language: str | None = None) -> str:
    """``amount`` euros as text for a person: rounded half-up to cents, grouped, in the number
    format of ``language`` (default: the active one), e.g. ``1.234,50`` in Dutch, ``1,234.50``
    in English. The same on every database (SQLite may hand back ``498.950000000000``)."""
    from django.utils import formats, translation

    value = round_cents(Decimal(str(amount)))
    with translation.override(language or translation.get_language()):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
