"""The one VAT rule for every line the product sells: runs, batches, quotes and their invoices.

A line's VAT treatment follows from its kind and the seller's CRKBO registration on the
delivery date; it is never picked by hand. The only override is "exempt on other grounds",
which needs a stated legal basis and a reason (both printed on the document and logged).

Sources: Wet OB 1968 art. 11 lid 1 onderdeel o (vocational training by a CRKBO-registered
institution is exempt, category ``E``); advice and coaching are not training and are taxed at the
standard rate (art. 9 lid 1), unless another exemption applies. The standard rate is data with a
valid-from date (:class:`lms.billing.models.VatRate`), so VAT follows the delivery date.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .exceptions import BillingError
from .models import VatRate

#: Printed on every line sold VAT-exempt as vocational training by a CRKBO-registered seller.
EXEMPTION_TEXT = "Vrijgesteld van btw op grond van art. 11 lid 1 onderdeel o Wet OB 1968"

TRAINING = "training"
ADVICE = "advice"
KINDS = (TRAINING, ADVICE)


@dataclass(frozen=True)
class VatDecision:
    """A line's VAT: UNCL 5305 ``category``, ``rate`` in percent and the exemption ``text``
    printed on the document (empty when taxed)."""

    category: str
    rate: Decimal
    text: str

    def as_tuple(self) -> tuple[str, Decimal, str]:
        return self.category, self.rate, self.text


def other_grounds_text(basis: str, reason: str) -> str:
    """The printed text of an "exempt on other grounds" override (product text, Dutch)."""
    return f"Vrijgesteld van btw op grond van {basis.strip()}: {reason.strip()}"


def decide(
    kind: str,
    seller,
    on: dt.date,
    *,
    exempt_basis: str = "",
    exempt_reason: str = "",
    standard_rate=None,
) -> VatDecision:
    """The VAT treatment of a line of ``kind`` (``"training"`` or ``"advice"``) sold by
    ``seller`` (a SellerProfile, or ``None`` while there is none) and delivered on ``on``.

    * "exempt on other grounds" (``exempt_basis`` and ``exempt_reason`` both given): ``E``, 0 %;
    * training by a seller CRKBO-registered on ``on``: ``E``, 0 %, art. 11 lid 1 onderdeel o;
    * anything else: ``S`` at the standard rate valid on ``on`` (``standard_rate``: optionally
      a callable returning it from rates the caller already loaded, for lists of runs).

    Raises:
        BillingError: only one of basis and reason is given, an unknown kind, or no standard
            rate is defined for ``on``.
    """
    if kind not in KINDS:
        raise BillingError(_("Unknown line kind for VAT: %(kind)s.") % {"kind": kind})
    basis, reason = exempt_basis.strip(), exempt_reason.strip()
    if bool(basis) != bool(reason):
        raise BillingError(
            _("An exemption on other grounds needs both a legal basis and a reason.")
        )
    if basis:
        return VatDecision("E", Decimal("0.00"), other_grounds_text(basis, reason))
    if kind == TRAINING and seller is not None and seller.is_crkbo_registered(on):
        return VatDecision("E", Decimal("0.00"), EXEMPTION_TEXT)
    rate = standard_rate() if standard_rate else VatRate.rate_on(on, "S")
    return VatDecision("S", rate, "")
