"""What a place in a run costs a given person: early-bird, member price, discount code, VAT.

Read-only: nothing here writes. Checkout calls :func:`quote` inside its transaction; the enrol
page calls it to show the price before the person confirms.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from . import vat
from .exceptions import BillingError
from .models import BillingProfile, DiscountCode, RunPricing, SellerProfile
from .money import HUNDRED, ZERO, gross_price, round_cents
from .vat import EXEMPTION_TEXT  # noqa: F401  (re-exported: documents and tests use it)

#: Printed on advice or coaching lines that are marked exempt on other grounds.
OTHER_EXEMPTION_TEXT = "Vrijgesteld van btw"


@dataclass(frozen=True)
class Quote:
    """The price of one place: ``net`` in euros, the VAT treatment and the gross price."""

    list_price: Decimal
    net: Decimal
    reason: str
    vat_category: str
    vat_rate: Decimal
    exemption_reason: str
    discount: DiscountCode | None = None

    @property
    def gross(self) -> Decimal:
        return gross_price(self.net, self.vat_rate)

    @property
    def vat(self) -> Decimal:
        return self.gross - self.net


def delivery_date(run) -> dt.date:
    """The run's first session date in Europe/Amsterdam (today when it has no sessions)."""
    start = run.first_session_start()
    return timezone.localdate(start) if start else timezone.localdate()


def seller_for(run) -> SellerProfile:
    """The seller profile of the run's institution (the module's parent page).

    Raises:
        BillingError: there is none, or it lacks data an invoice must carry.
    """
    institution = run.module.get_parent()
    profile = SellerProfile.objects.filter(institution_id=institution.pk).first()
    if profile is None:
        raise BillingError(
            _("This run cannot be sold yet: %(institution)s has no seller profile.")
            % {"institution": institution.title}
        )
    missing = profile.missing_fields()
    if missing:
        raise BillingError(
            _("This run cannot be sold yet: the seller profile lacks %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    return profile


def public_sale_problem(run) -> str:
    """What the public is told when ``run`` cannot be sold yet (no complete seller profile),
    or "" when it can. The specifics stay in the admin (the run's page, :func:`seller_for`).

    A paid run annotated by :func:`lms.billing.shown_prices.annotate_shown_prices` already
    answers it without a query: it has a ``shown_price`` exactly when its seller profile is
    complete (the same test as :func:`seller_for`, loaded in bulk)."""
    if hasattr(run, "shown_price") and not run.is_free:
        return (
            ""
            if run.shown_price is not None
            else _("This run cannot be booked yet; it will be bookable soon.")
        )
    try:
        seller_for(run)
    except BillingError:
        return _("This run cannot be booked yet; it will be bookable soon.")
    return ""


def vat_treatment(run, seller: SellerProfile, on: dt.date) -> tuple[str, Decimal, str]:
    """``(category, rate %, exemption text)`` of a place in ``run`` delivered on ``on``, by the
    one VAT rule (:func:`lms.billing.vat.decide`) for the run's line kind.

    A run of advice or coaching marked exempt keeps its older override text (see
    docs/billing.md: that flag still lacks a stated legal basis).
    """
    pricing = RunPricing.objects.filter(run=run).first()
    return run_treatment(pricing, seller, on)


def run_treatment(
    pricing, seller: SellerProfile | None, on: dt.date, standard_rate=None
) -> tuple[str, Decimal, str]:
    """The rule of :func:`vat_treatment` on data already loaded: ``pricing`` (the run's
    RunPricing or ``None``), the seller and the delivery date ``on``; ``standard_rate``
    optionally a callable giving the standard rate in % on ``on`` from rates already loaded
    (see :func:`lms.billing.vat.decide`)."""
    kind = pricing.kind if pricing else RunPricing.Kind.TRAINING
    if kind == RunPricing.Kind.ADVICE and pricing.vat_exempt:
        return "E", ZERO, OTHER_EXEMPTION_TEXT
    return vat.decide(kind, seller, on, standard_rate=standard_rate).as_tuple()


def is_member(user, organisation) -> bool:
    """Membership as the design defines it: a verified address on one of the organisation's
    e-mail domains, or a membership confirmed (approved) by its contact
    (:meth:`lms.accounts.models.Organisation.has_member`)."""
    return organisation.has_member(user)


def find_discount(code: str, user, run, now, *, places: int = 1) -> DiscountCode:
    """The valid discount code ``code`` for ``user`` (``None``: a person without an account
    yet) in ``run``, for ``places`` places bought at once (an organisation's batch).

    Raises:
        BillingError: unknown, not valid now, not for this run, or used up (overall, counting
            every place of this purchase, or by this person). Uses by cancelled enrolments do
            not count.
    """
    discount = DiscountCode.objects.filter(code__iexact=code.strip()).first()
    if discount is None:
        raise BillingError(_("This discount code does not exist."))
    if (discount.valid_from and now < discount.valid_from) or (
        discount.valid_until and now > discount.valid_until
    ):
        raise BillingError(_("This discount code is not valid now."))
    runs = list(discount.runs.values_list("pk", flat=True))
    modules = list(discount.modules.values_list("pk", flat=True))
    if (runs or modules) and run.pk not in runs and run.module_id not in modules:
        raise BillingError(_("This discount code does not apply to this run."))
    uses = discount.uses.exclude(enrolment__state="cancelled")
    if discount.usage_limit is not None and uses.count() + places > discount.usage_limit:
        raise BillingError(_("This discount code has been used up."))
    if user is not None and uses.filter(enrolment__user=user).count() >= discount.per_person_limit:
        raise BillingError(_("You have already used this discount code."))
    return discount


def apply_discount(price: Decimal, discount: DiscountCode) -> Decimal:
    """``price`` less the discount, never below zero, rounded half-up to cents."""
    if discount.kind == DiscountCode.Kind.PERCENT:
        return max(round_cents(price - price * discount.value / HUNDRED), ZERO)
    return max(round_cents(price - discount.value), ZERO)


def quote(
    user, run, *, discount_code: str = "", now=None, organisation=None, places: int = 1
) -> Quote:
    """The net price, reason and VAT of a place in ``run`` for ``user`` at ``now`` (UTC).

    The one pricing function of every place the product sells: checkout (a person, paying
    themselves or billing their organisation) and the organisation portal's batch alike.
    The lowest of base, early-bird (before its date) and member price applies; the member
    price applies when ``user`` is a member of a partner organisation or the paying
    ``organisation`` is one. A discount code then comes off that. Free runs quote zero and
    need no seller profile.

    Args:
        user: the participant, or ``None`` for a colleague who has no account yet.
        organisation: the paying organisation, if any.
        places: how many places are bought at once (for the discount code's usage limit).

    Raises:
        BillingError: the seller profile is missing or incomplete, or the discount code is
            refused.
    """
    now = now or timezone.now()
    list_price = run.price
    if run.is_free:
        return Quote(list_price, ZERO, "free", "E", ZERO, "")
    seller = seller_for(run)
    net, reason = list_price, "base"
    pricing = RunPricing.objects.filter(run=run).first()
    if pricing:
        if pricing.early_bird_price is not None and pricing.early_bird_until:
            if now <= pricing.early_bird_until and pricing.early_bird_price < net:
                net, reason = pricing.early_bird_price, "early_bird"
        if pricing.member_price is not None and pricing.member_price < net:
            partners = list(pricing.member_organisations.prefetch_related("domains"))
            if (organisation is not None and organisation in partners) or (
                user is not None and any(is_member(user, org) for org in partners)
            ):
                net, reason = pricing.member_price, "member"
    discount = None
    if discount_code:
        discount = find_discount(discount_code, user, run, now, places=places)
        net, reason = apply_discount(net, discount), "discount"
    category, rate, exemption = vat_treatment(run, seller, delivery_date(run))
    return Quote(list_price, round_cents(net), reason, category, rate, exemption, discount)


def check_po_number(organisation, po_number: str) -> None:
    """Refuse an order billed to ``organisation`` without a PO number when its billing
    profile requires one (every route: checkout, batch, quote acceptance).

    Raises:
        BillingError: the number is required and ``po_number`` is blank.
    """
    profile = BillingProfile.objects.filter(organisation=organisation).first()
    if profile is not None and profile.po_number_required and not (po_number or "").strip():
        raise BillingError(
            _("%(organisation)s requires a purchase-order number.")
            % {"organisation": organisation.name}
        )


def terms_version() -> str:
    """The version of the terms and conditions a person accepts now."""
    return settings.BILLING_TERMS_VERSION
