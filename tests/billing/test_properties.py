"""Property tests (hypothesis) for the money rules: totals, full credits, credit limits."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from lms.billing.money import document_totals, round_cents, structured_reference

cents = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c) / 100)
rates = st.sampled_from([("S", Decimal("21.00")), ("S", Decimal("9.00")), ("E", Decimal("0"))])
quantities = st.integers(min_value=1, max_value=40).map(Decimal)


@dataclass
class Line:
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal
    exemption_reason: str = ""


lines = st.lists(
    st.builds(lambda p, q, r: Line(round_cents(p * q), *r), cents, quantities, rates),
    min_size=1,
    max_size=12,
)


@given(lines)
def test_total_is_lines_plus_vat_computed_once_per_rate(document):
    net, vat, total, breakdown = document_totals(document)
    assert net == sum(line.net_amount for line in document)
    assert total == net + vat
    for group in breakdown:
        assert group.vat == round_cents(group.taxable * group.rate / 100)
    assert all(a.quantize(Decimal("0.01")) == a for a in (net, vat, total))


@given(lines)
def test_invoice_plus_full_credit_note_sums_to_zero(document):
    _, _, total, _ = document_totals(document)
    credit = [Line(line.net_amount, line.vat_category, line.vat_rate) for line in document]
    _, _, credit_total, _ = document_totals(credit)
    assert total - credit_total == 0


@given(lines, st.data())
def test_partial_credits_never_exceed_the_invoice(document, data):
    _, _, total, _ = document_totals(document)
    credit = [
        Line(
            round_cents(line.net_amount * data.draw(st.integers(0, 100)) / 100),
            line.vat_category,
            line.vat_rate,
        )
        for line in document
    ]
    _, _, credit_total, _ = document_totals(credit)
    assert credit_total <= total


@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_structured_reference_is_sixteen_digits(base):
    reference = structured_reference(base)
    assert len(reference) == 16 and reference.isdigit() and reference[1:] == f"{base:015d}"
