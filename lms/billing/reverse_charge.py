"""Place of supply and reverse charge ("btw verlegd") of one invoice line: one function decides.

The Dutch treatment of a line (standard rate, or exempt as CRKBO vocational training) is decided
elsewhere (:func:`lms.billing.pricing.vat_treatment`); this module decides where the supply
takes place and whether, in consequence, the buyer accounts for the VAT:

* Admission to an in-person run or event is supplied where it takes place (art. 53 VAT
  Directive, B2B; art. 54 B2C; art. 6b Wet OB 1968). In the Netherlands it keeps the Dutch
  treatment for every buyer. Events abroad are not sold through this product and are refused.
* Advice, coaching and remote (online) training to a business are supplied in the buyer's
  country (art. 44 VAT Directive, the B2B main rule; art. 6 lid 1 Wet OB 1968). To a business in
  another EU member state a taxable line is reverse-charged (art. 196 VAT Directive; UBL
  category ``AE``, the buyer's VAT id on the invoice). To a business outside the EU it is
  outside the scope of Dutch VAT (category ``O``). To a Dutch business it stays Dutch.
* To a consumer the place is the supplier's (art. 45): the Dutch treatment stays.
* An exempt line is never reverse-charged.
"""

import enum
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .exceptions import BillingError

#: EU member states (ISO 3166-1 alpha-2; Greece is "GR" here, "EL" only in VAT ids).
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
SELLER_COUNTRY = "NL"
ZERO = Decimal("0.00")
#: Printed on a reverse-charged line and in the UBL TaxExemptionReason (BR-AE-10).
REVERSE_CHARGE_TEXT = "Btw verlegd naar de afnemer (art. 196 Btw-richtlijn 2006/112/EG)"
#: Printed on a line to a business outside the EU (category O).
OUTSIDE_SCOPE_TEXT = "Niet belast in Nederland: dienst aan een ondernemer buiten de EU (art. 44)"


class LineKind(enum.StrEnum):
    """What a line sells, as far as the place of supply is concerned."""

    ADMISSION = "admission"  # a place in an in-person (or blended) run, or an event
    REMOTE_TRAINING = "remote_training"  # an online run
    ADVICE = "advice"
    COACHING = "coaching"


@dataclass(frozen=True)
class BuyerKind:
    """A buyer as the place-of-supply rules see it: business or consumer, and the country
    (ISO alpha-2) of its establishment. A business needs a checked VAT id (see
    ``lms.billing.business``) to be treated as one when it is outside the Netherlands."""

    is_business: bool
    country: str

    @classmethod
    def business(cls, country: str) -> "BuyerKind":
        return cls(True, (country or SELLER_COUNTRY).upper())

    @classmethod
    def consumer(cls, country: str = SELLER_COUNTRY) -> "BuyerKind":
        return cls(False, (country or SELLER_COUNTRY).upper())


@dataclass(frozen=True)
class Decision:
    """The line's VAT category, rate (%), the text printed with it, and its place of supply."""

    category: str
    rate: Decimal
    text: str
    place_of_supply: str

    @property
    def reverse_charged(self) -> bool:
        return self.category == "AE"


def decide(
    kind: LineKind, buyer: BuyerKind, dutch: tuple[str, Decimal, str], *, event_country="NL"
) -> Decision:
    """Decide a line's place of supply and final VAT treatment.

    Args:
        kind: what the line sells.
        buyer: the buyer's kind and country.
        dutch: ``(category, rate %, text)`` the line has under Dutch law (``pricing``).
        event_country: where an in-person run or event takes place (admission only).

    Returns:
        A :class:`Decision`: the Dutch treatment, or ``AE`` (reverse charge) / ``O`` (outside
        the scope of Dutch VAT) at 0 %.

    Raises:
        BillingError: admission to an event outside the Netherlands (not sold here).
    """
    category, rate, text = dutch
    if kind == LineKind.ADMISSION:
        place = (event_country or SELLER_COUNTRY).upper()
        if place != SELLER_COUNTRY:
            raise BillingError(_("Admission to an event outside the Netherlands is not sold here."))
        return Decision(category, rate, text, place)
    if not buyer.is_business:
        return Decision(category, rate, text, SELLER_COUNTRY)
    place = buyer.country
    if category != "S" or place == SELLER_COUNTRY:
        return Decision(category, rate, text, place)
    if place in EU_COUNTRIES:
        return Decision("AE", ZERO, REVERSE_CHARGE_TEXT, place)
    return Decision("O", ZERO, OUTSIDE_SCOPE_TEXT, place)
