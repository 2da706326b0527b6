"""Money arithmetic shared by invoices, credit notes, quotes, the PDFs and the e-invoice: the one
home of the money rules (docs/billing.md), also for bookings' quotes, so a quote and its
invoice add up the same way. All amounts are ``Decimal`` euros with two places.

Each line's net amount is rounded half-up to cents when the line is made; VAT is computed once per
(category, rate) on the document's net subtotal and rounded half-up (EN 16931 BR-CO-17), so the
PDF and the UBL export agree to the cent.

A credit note's VAT is cumulative per (category, rate): round half-up (rate × net credited so far
at that rate, this note included) minus the VAT already credited at that rate
(:func:`credit_totals`). So the credits of an invoice never exceed its VAT, a full credit
returns exactly the invoice's VAT, and each note differs from its own taxable × rate by at most
one cent (within BR-CO-17's tolerance).
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")


def round_cents(amount: Decimal) -> Decimal:
    """``amount`` rounded half-up to whole cents (euros, two places)."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def line_net(quantity: Decimal, unit_price: Decimal) -> Decimal:
    """Net amount of one line in euros: ``quantity`` × ``unit_price`` (net euros), rounded
    half-up to cents."""
    return round_cents(Decimal(quantity) * Decimal(unit_price))


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
    ``exemption_reason``) by category and rate and compute VAT once per group.

    EN 16931 allows one breakdown per category (BR-E-01 for exempt lines), so lines exempt on
    different grounds share the group and its exemption text names each ground once ("; ").
    """
    groups: OrderedDict = OrderedDict()
    for line in lines:
        key = (line.vat_category, Decimal(line.vat_rate).quantize(CENT))
        taxable, reasons = groups.get(key, (ZERO, []))
        if line.exemption_reason and line.exemption_reason not in reasons:
            reasons = [*reasons, line.exemption_reason]
        groups[key] = (taxable + Decimal(line.net_amount), reasons)
    return [
        VatGroup(
            cat, rate, round_cents(taxable), round_cents(taxable * rate / HUNDRED), "; ".join(why)
        )
        for (cat, rate), (taxable, why) in groups.items()
    ]


def document_totals(lines) -> tuple[Decimal, Decimal, Decimal, list[VatGroup]]:
    """Return ``(net, vat, total, breakdown)`` for a document made of ``lines``."""
    breakdown = vat_breakdown(lines)
    net = sum((g.taxable for g in breakdown), ZERO)
    vat = sum((g.vat for g in breakdown), ZERO)
    return net, vat, net + vat, breakdown


@dataclass(frozen=True)
class DecidedLine:
    """A document line with its VAT decided: ``line`` (the source row), net euros, UNCL 5305
    category, rate (%) and the exemption text printed on the document."""

    line: object
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal
    exemption_reason: str


@dataclass(frozen=True)
class Totals:
    """Net subtotal, VAT and the VAT breakdown (:class:`VatGroup` rows) of a document, euros."""

    net: Decimal
    vat: Decimal
    breakdown: list = field(default_factory=list)

    @property
    def gross(self) -> Decimal:
        """Net plus VAT, euros."""
        return self.net + self.vat

    def groups(self) -> list[tuple[str, Decimal, Decimal, Decimal]]:
        """``(category, rate %, net base, vat)`` rows, for the PDF and the pages."""
        return [(g.category, g.rate, g.taxable, g.vat) for g in self.breakdown]


def totals(lines: list[DecidedLine]) -> Totals:
    """:class:`Totals` of decided ``lines``: VAT once per (category, rate) on that group's
    subtotal (as :func:`document_totals`)."""
    net, vat, _total, breakdown = document_totals(lines)
    return Totals(net=net, vat=vat, breakdown=breakdown)


def _key(category: str, rate) -> tuple[str, Decimal]:
    return category, Decimal(rate).quantize(CENT)


def credit_totals(
    lines, previous: list[list[dict]]
) -> tuple[Decimal, Decimal, Decimal, list[VatGroup]]:
    """``(net, vat, total, breakdown)`` of a credit note made of ``lines`` (as
    :func:`document_totals`), with VAT cumulative per (category, rate).

    Args:
        lines: the new note's lines (``net_amount``, ``vat_category``, ``vat_rate``,
            ``exemption_reason``), net euros.
        previous: the stored ``vat_breakdown`` of every earlier credit note of the same
            invoice (lists of :meth:`VatGroup.as_dict` dicts).

    Each group's VAT = round half-up(rate × (net credited before + this note's net)) − VAT
    credited before at that rate. The result can differ from this note's own taxable × rate
    by at most one cent.
    """
    net_before: dict = {}
    vat_before: dict = {}
    for breakdown in previous:
        for group in breakdown:
            key = _key(group["category"], group["rate"])
            net_before[key] = net_before.get(key, ZERO) + Decimal(group["taxable"])
            vat_before[key] = vat_before.get(key, ZERO) + Decimal(group["vat"])
    groups = []
    for own in vat_breakdown(lines):
        key = _key(own.category, own.rate)
        cumulative = round_cents((net_before.get(key, ZERO) + own.taxable) * own.rate / HUNDRED)
        vat = cumulative - vat_before.get(key, ZERO)
        groups.append(VatGroup(own.category, own.rate, own.taxable, vat, own.exemption_reason))
    net = sum((g.taxable for g in groups), ZERO)
    vat = sum((g.vat for g in groups), ZERO)
    return net, vat, net + vat, groups


def exceeds_invoice(invoice_breakdown: list[dict], credits: list[list[dict]]) -> bool:
    """True when the credit notes' ``credits`` (stored breakdowns, the new one included) exceed
    ``invoice_breakdown`` in net or VAT at any (category, rate), or in total."""
    invoiced: dict = {}
    for group in invoice_breakdown:
        invoiced[_key(group["category"], group["rate"])] = (
            Decimal(group["taxable"]),
            Decimal(group["vat"]),
        )
    credited: dict = {}
    for breakdown in credits:
        for group in breakdown:
            key = _key(group["category"], group["rate"])
            net, vat = credited.get(key, (ZERO, ZERO))
            credited[key] = (net + Decimal(group["taxable"]), vat + Decimal(group["vat"]))
    for key, (net, vat) in credited.items():
        limit_net, limit_vat = invoiced.get(key, (ZERO, ZERO))
        if net > limit_net or vat > limit_vat:
            return True
    total = sum((net + vat for net, vat in credited.values()), ZERO)
    return total > sum((net + vat for net, vat in invoiced.values()), ZERO)


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
