"""Quote totals: lines rounded half-up to cents, VAT once per rate on the net subtotal, with
billing's money module (the one home of the money rules; bookings has none of its own)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lms.billing import money

RATE = Decimal("21.00")  # the standard rate in percent, as billing's VatRate holds it


CATEGORY = {"exempt": ("E", Decimal("0.00")), "standard": ("S", RATE)}


def Line(quantity, unit_price, treatment, rate=None):  # noqa: N802 (reads like the old class)
    """A decided quote line: its net amount and the (category, rate) the VAT rule gave it."""
    category, default_rate = CATEGORY[treatment]
    return money.DecidedLine(
        None, money.line_net(quantity, unit_price), category, rate or default_rate, ""
    )


def test_line_is_rounded_half_up_to_cents():
    assert money.line_net(Decimal("1.5"), Decimal("95.55")) == Decimal("143.33")  # 143.325
    assert money.line_net(Decimal("3"), Decimal("33.33")) == Decimal("99.99")


def test_vat_once_per_rate_on_the_subtotal_not_per_line():
    # Per line: 0.07 × 21 % = 0.0147 → 0.01, three times 0.03. On the subtotal 0.21:
    # 0.0441 → 0.04. The design asks for the latter.
    lines = [Line(Decimal("1"), Decimal("0.07"), "standard") for _ in range(3)]
    totals = money.totals(lines)
    assert totals.net == Decimal("0.21")
    assert totals.vat == Decimal("0.04")
    assert totals.gross == Decimal("0.25")


def test_mixed_treatments():
    lines = [
        Line(Decimal("2"), Decimal("1250.00"), "exempt"),
        Line(Decimal("1.5"), Decimal("95.55"), "exempt"),
        Line(Decimal("3"), Decimal("33.33"), "standard"),
    ]
    totals = money.totals(lines)
    assert totals.groups() == [
        ("E", Decimal("0.00"), Decimal("2643.33"), Decimal("0.00")),
        ("S", Decimal("21.00"), Decimal("99.99"), Decimal("21.00")),
    ]
    assert totals.net == Decimal("2743.32")
    assert totals.gross == Decimal("2764.32")


amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999"), places=2)
quantities = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)


@given(
    st.lists(st.tuples(quantities, amounts, st.sampled_from(["exempt", "standard"])), max_size=12)
)
def test_totals_are_consistent(rows):
    lines = [Line(q, p, v) for q, p, v in rows]
    totals = money.totals(lines)
    assert totals.net == sum((money.line_net(q, p) for q, p, _ in rows), Decimal("0.00"))
    assert totals.gross == totals.net + totals.vat
    for value in (totals.net, totals.vat, totals.gross):
        assert value == value.quantize(Decimal("0.01"))
    for category, _rate, base, vat in totals.groups():
        if category == "S":
            assert abs(vat - base * Decimal("0.21")) <= Decimal("0.005")
        else:
            assert vat == 0


def test_standard_rate_comes_from_billing_vat_rates(db):
    import datetime as dt

    from lms.billing.models import VatRate

    assert VatRate.rate_on(dt.date(2026, 1, 1), "S") == Decimal("21.00")  # seeded
    VatRate.objects.create(category="S", rate=Decimal("22.00"), valid_from=dt.date(2027, 1, 1))
    assert VatRate.rate_on(dt.date(2026, 12, 31), "S") == Decimal("21.00")
    assert VatRate.rate_on(dt.date(2027, 1, 1), "S") == Decimal("22.00")
    rate = VatRate.rate_on(dt.date(2027, 1, 1), "S")
    lines = [Line(Decimal("1"), Decimal("100.00"), "standard", rate)]
    assert money.totals(lines).vat == Decimal("22.00")


def test_one_money_module():
    import importlib.util

    assert importlib.util.find_spec("lms.bookings.money") is None
