"""Property tests (hypothesis) for the money rules: totals, full credits, credit limits."""

from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from lms.billing.money import (
    credit_totals,
    document_totals,
    exceeds_invoice,
    round_cents,
    structured_reference,
)

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


# --- Issue 13 item 2: credit notes with cumulative VAT per rate --------------------------------

fees = st.sampled_from([Decimal("0"), Decimal("25"), Decimal("50"), Decimal("100")])
discounts = st.integers(min_value=0, max_value=60).map(Decimal)


@dataclass
class Place:
    net_amount: Decimal
    vat_category: str
    vat_rate: Decimal
    exemption_reason: str = ""
    credited: Decimal = Decimal("0.00")


batch_places = st.lists(
    st.builds(
        lambda price, pct, r: Place(
            max(round_cents(price - price * pct / 100), Decimal("0.00")), *r
        ),
        cents,
        discounts,
        rates,
    ),
    min_size=1,
    max_size=10,
)


def _per_rate(breakdowns):
    sums = {}
    for breakdown in breakdowns:
        for g in breakdown:
            key = (g["category"], Decimal(g["rate"]))
            net, vat = sums.get(key, (Decimal("0"), Decimal("0")))
            sums[key] = (net + Decimal(g["taxable"]), vat + Decimal(g["vat"]))
    return sums


def _credit(places, amounts, notes):
    """Issue one credit note in memory, as ``services.issue_credit_note`` does."""
    lines = [
        Place(a, p.vat_category, p.vat_rate) for p, a in zip(places, amounts, strict=True) if a > 0
    ]
    if not lines:
        return None
    net, vat, total, breakdown = credit_totals(lines, [n[3] for n in notes])
    new = [g.as_dict() for g in breakdown]
    for place, amount in zip(places, amounts, strict=True):
        place.credited += amount
    notes.append((net, vat, total, new))
    return net, vat, total, breakdown


@settings(max_examples=300, deadline=None)
@given(batch_places, st.data())
def test_batch_cancellations_never_exceed_and_balance_to_zero(places, data):
    """Random batches, prices, discounts, fees and cancellation orders: each credit note stays
    within BR-CO-17 (its VAT is its taxable × rate to the cent, ±1 cent), credits never exceed
    the invoice per rate or in total, and crediting every line in full sums to 0.00 exactly."""
    _, inv_vat, inv_total, inv_breakdown = document_totals(places)
    invoiced = _per_rate([[g.as_dict() for g in inv_breakdown]])
    order = data.draw(st.permutations(range(len(places))))
    notes = []
    for index in order:
        place = places[index]
        fee = data.draw(fees)
        amount = round_cents(place.net_amount * (100 - fee) / 100)
        amounts = [amount if i == index else Decimal("0") for i in range(len(places))]
        result = _credit(places, amounts, notes)
        if result is None:
            continue
        net, vat, total, breakdown = result
        assert total == net + vat and vat == sum(g.vat for g in breakdown)
        for g in breakdown:
            assert abs(g.vat - round_cents(g.taxable * g.rate / 100)) <= Decimal("0.01")
        credited = _per_rate(n[3] for n in notes)
        for key, (net_sum, vat_sum) in credited.items():
            assert net_sum <= invoiced[key][0] and vat_sum <= invoiced[key][1]
        assert sum(n[2] for n in notes) <= inv_total
        assert not exceeds_invoice([g.as_dict() for g in inv_breakdown], [n[3] for n in notes])
    # Staff credit what the fees kept: now every line is credited in full.
    _credit(places, [p.net_amount - p.credited for p in places], notes)
    assert inv_total - sum((n[2] for n in notes), Decimal("0")) == Decimal("0.00")
    assert sum((n[1] for n in notes), Decimal("0")) == inv_vat
    assert _per_rate(n[3] for n in notes) == {
        k: v for k, v in invoiced.items() if v != (Decimal("0"), Decimal("0"))
    }


@given(batch_places)
def test_a_credit_beyond_the_invoice_is_detected(places):
    _, _, _, inv_breakdown = document_totals(places)
    notes = []
    _credit(places, [p.net_amount for p in places], notes)
    extra = [Place(Decimal("0.01"), places[0].vat_category, places[0].vat_rate)]
    _, _, _, breakdown = credit_totals(extra, [n[3] for n in notes])
    stored = [g.as_dict() for g in breakdown]
    assert exceeds_invoice([g.as_dict() for g in inv_breakdown], [*(n[3] for n in notes), stored])


def test_one_exempt_group_names_every_ground_once():
    """BR-E-01: one exempt breakdown; lines exempt on different grounds share it."""
    crkbo, other = "art. 11 lid 1 onderdeel o", "art. 11 lid 1 onderdeel g: zorg"
    document = [
        Line(Decimal("100.00"), "E", Decimal("0"), crkbo),
        Line(Decimal("50.00"), "E", Decimal("0"), other),
        Line(Decimal("25.00"), "E", Decimal("0"), crkbo),
    ]
    (group,) = document_totals(document)[3]
    assert group.taxable == Decimal("175.00")
    assert group.exemption_reason == f"{crkbo}; {other}"
