"""Issue 13 item 6: one function decides whether a line is reverse-charged ("btw verlegd",
UBL category AE), by line kind × buyer kind × place of supply.

Art. 44 VAT Directive (B2B main rule: the buyer's country) applies to advice, coaching and
remote training; admission to an in-person run or event is taxed where it takes place
(art. 53), so admission in the Netherlands keeps Dutch VAT or the exemption; exempt lines are
never AE; consumers are never reverse-charged (art. 45).
"""

from decimal import Decimal

import pytest

from lms.billing import reverse_charge as rc

S21 = ("S", Decimal("21.00"), "")
EXEMPT = ("E", Decimal("0.00"), "Vrijgesteld van btw op grond van art. 11 lid 1 onderdeel o")

NL_BUSINESS = rc.BuyerKind.business("NL")
DE_BUSINESS = rc.BuyerKind.business("DE")
US_BUSINESS = rc.BuyerKind.business("US")
DE_CONSUMER = rc.BuyerKind.consumer("DE")
NL_CONSUMER = rc.BuyerKind.consumer("NL")

ADMISSION, REMOTE, ADVICE, COACHING = (
    rc.LineKind.ADMISSION,
    rc.LineKind.REMOTE_TRAINING,
    rc.LineKind.ADVICE,
    rc.LineKind.COACHING,
)

TABLE = [
    # line kind, buyer, event country, Dutch treatment, category, place of supply
    (ADMISSION, DE_BUSINESS, "NL", S21, "S", "NL"),
    (ADMISSION, DE_BUSINESS, "NL", EXEMPT, "E", "NL"),
    (ADMISSION, NL_BUSINESS, "NL", S21, "S", "NL"),
    (ADMISSION, DE_CONSUMER, "NL", S21, "S", "NL"),
    (ADMISSION, US_BUSINESS, "NL", S21, "S", "NL"),
    (REMOTE, DE_BUSINESS, "", S21, "AE", "DE"),
    (REMOTE, DE_BUSINESS, "", EXEMPT, "E", "DE"),
    (REMOTE, NL_BUSINESS, "", S21, "S", "NL"),
    (REMOTE, DE_CONSUMER, "", S21, "S", "NL"),
    (REMOTE, NL_CONSUMER, "", EXEMPT, "E", "NL"),
    (REMOTE, US_BUSINESS, "", S21, "O", "US"),
    (ADVICE, DE_BUSINESS, "", S21, "AE", "DE"),
    (ADVICE, NL_BUSINESS, "", S21, "S", "NL"),
    (ADVICE, DE_CONSUMER, "", S21, "S", "NL"),
    (ADVICE, US_BUSINESS, "", S21, "O", "US"),
    (COACHING, DE_BUSINESS, "", S21, "AE", "DE"),
    (COACHING, DE_BUSINESS, "", EXEMPT, "E", "DE"),
    (COACHING, NL_CONSUMER, "", S21, "S", "NL"),
]


@pytest.mark.parametrize(("kind", "buyer", "event", "dutch", "category", "place"), TABLE)
def test_decision_table(kind, buyer, event, dutch, category, place):
    decision = rc.decide(kind, buyer, dutch, event_country=event)
    assert decision.category == category
    assert decision.place_of_supply == place
    if category == "AE":
        assert decision.rate == Decimal("0.00") and "verlegd" in decision.text
    elif category == dutch[0]:
        assert (decision.category, decision.rate, decision.text) == dutch


def test_every_combination_is_decided_and_ae_only_under_the_main_rule():
    treatments = [S21, EXEMPT]
    buyers = [NL_BUSINESS, DE_BUSINESS, US_BUSINESS, DE_CONSUMER, NL_CONSUMER]
    for kind in rc.LineKind:
        for buyer in buyers:
            for dutch in treatments:
                decision = rc.decide(kind, buyer, dutch, event_country="NL")
                if decision.category == "AE":
                    assert kind != ADMISSION and dutch[0] == "S"
                    assert buyer.is_business and buyer.country in rc.EU_COUNTRIES
                    assert buyer.country != "NL"


def test_admission_abroad_is_refused_not_taxed_in_the_netherlands():
    with pytest.raises(rc.BillingError, match="outside the Netherlands"):
        rc.decide(ADMISSION, DE_BUSINESS, S21, event_country="DE")
