"""A professional who pays themselves: as a consumer (optionally with an address) or as a
business (self-employed: company name, address, KvK number, VAT id).

The buyer details given at checkout are checked here and stored on the CheckoutRecord; the
invoice copies them. An EU VAT id is checked for its format with python-stdnum and, when
``settings.BILLING_VIES_CHECK`` is on (production), with the European Commission's VIES service;
the result is stored with the details. Whether a line is then reverse-charged is decided by
:func:`lms.billing.reverse_charge.decide`.
"""

import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat

from . import reverse_charge
from .exceptions import BillingError

logger = logging.getLogger(__name__)

CONSUMER, BUSINESS = "consumer", "business"
ADDRESS_FIELDS = ("street", "postcode", "city", "country")


def _vies(number: str) -> dict:
    """The VIES answer for ``number`` (a compact EU VAT id); network errors propagate."""
    return eu_vat.check_vies(number, timeout=10)


def check_vat_id(vat_id: str) -> dict:
    """Check an EU VAT id; returns what is stored: ``vat_id`` (compact), ``country`` (ISO
    alpha-2 of the member state), ``checked_at`` (UTC ISO), ``vies`` (``valid``,
    ``not checked`` or ``unavailable``) and, when VIES answered, the name it knows.

    Raises:
        BillingError: the format or check digits are wrong (python-stdnum), or VIES says the
            number is not valid.
    """
    try:
        number = eu_vat.validate(vat_id)
    except stdnum_errors.ValidationError as error:
        raise BillingError(_("%(value)s is not a valid EU VAT id.") % {"value": vat_id}) from error
    prefix = number[:2].upper()
    result = {
        "vat_id": number,
        "country": "GR" if prefix == "EL" else prefix,
        "checked_at": timezone.now().isoformat(),
        "vies": "not checked",
    }
    if getattr(settings, "BILLING_VIES_CHECK", False):
        try:
            answer = _vies(number)
        except Exception:  # VIES is often down; the sale goes on, staff see "unavailable"
            logger.warning("VIES unavailable for %s", number, exc_info=True)
            result["vies"] = "unavailable"
        else:
            if not answer.get("valid"):
                raise BillingError(
                    _("The EU VIES service does not know VAT id %(value)s.") % {"value": number}
                )
            result["vies"] = "valid"
            result["vies_name"] = str(answer.get("name") or "")
    return result


def clean_buyer_details(data: dict) -> dict:
    """The buyer details of a person paying themselves, checked and normalised.

    Args:
        data: ``kind`` (``consumer`` or ``business``), ``company_name``, ``street``,
            ``postcode``, ``city``, ``country`` (ISO alpha-2), ``kvk_number``, ``vat_id``.

    Returns:
        A dict to store on the CheckoutRecord (with ``vat_check`` when a VAT id was given).

    Raises:
        BillingError: a business without company name or full address, a KvK number that is
            not 8 digits, or a VAT id refused by :func:`check_vat_id`.
    """
    kind = data.get("kind") or CONSUMER
    details = {"kind": kind}
    for name in ADDRESS_FIELDS:
        details[name] = (data.get(name) or "").strip()
    details["country"] = (details["country"] or "NL").upper()
    if kind != BUSINESS:
        return details
    details["company_name"] = (data.get("company_name") or "").strip()
    if not details["company_name"] or not all(details[n] for n in ADDRESS_FIELDS):
        raise BillingError(_("A business invoice needs the company name and full address."))
    kvk = (data.get("kvk_number") or "").replace(" ", "")
    if kvk and (len(kvk) != 8 or not kvk.isdigit()):
        raise BillingError(_("A KvK number has 8 digits."))
    details["kvk_number"] = kvk
    vat_id = (data.get("vat_id") or "").strip()
    if vat_id:
        details["vat_check"] = check_vat_id(vat_id)
        details["vat_id"] = details["vat_check"]["vat_id"]
    return details


def buyer_kind(details: dict) -> reverse_charge.BuyerKind:
    """How the place-of-supply rules see the buyer: a business with a checked VAT id (or a
    Dutch business) is a business in its country; anyone else is a consumer."""
    country = details.get("country") or "NL"
    if details.get("kind") == BUSINESS:
        if details.get("vat_check"):
            return reverse_charge.BuyerKind.business(details["vat_check"]["country"])
        if country == "NL":
            return reverse_charge.BuyerKind.business("NL")
    return reverse_charge.BuyerKind.consumer(country)


def line_kind(run) -> reverse_charge.LineKind:
    """What a place in ``run`` sells: advice or coaching (RunPricing kind), remote training
    (an online module) or admission to an in-person run (classroom or blended)."""
    from .models import RunPricing

    pricing = RunPricing.objects.filter(run=run).first()
    if pricing is not None and pricing.kind == RunPricing.Kind.ADVICE:
        return reverse_charge.LineKind.ADVICE
    if run.module.delivery_format == "online":
        return reverse_charge.LineKind.REMOTE_TRAINING
    return reverse_charge.LineKind.ADMISSION


def buyer_fields(user, details: dict | None) -> dict:
    """The buyer data copied onto the invoice of ``user`` paying themselves: the company
    (name, address, KvK, VAT id) for a business, else the person, with the address if given."""
    details = details or {}
    name = user.get_full_name() or user.email
    fields = {name_: details.get(name_, "") for name_ in ADDRESS_FIELDS}
    fields["country"] = fields["country"] or "NL"
    fields.update(name=name, email=user.email)
    if details.get("kind") == BUSINESS:
        fields.update(
            name=details["company_name"],
            kvk_number=details.get("kvk_number", ""),
            vat_id=details.get("vat_id", ""),
            reference=name,
        )
    return fields


def treatment(run, details: dict | None, dutch: tuple) -> tuple:
    """``(category, rate %, text)`` of a place in ``run`` for a person paying themselves with
    ``details``: the Dutch treatment ``dutch`` after the place-of-supply decision (runs take
    place in the Netherlands)."""
    decision = reverse_charge.decide(line_kind(run), buyer_kind(details or {}), dutch)
    return decision.category, decision.rate, decision.text
