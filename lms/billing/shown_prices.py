"""Prices as shown before anyone enrols: module pages, catalogue cards, e-mails.

Professionals see the price including VAT; organisations see net + VAT (docs/billing.md, money
rules). The VAT treatment is :func:`lms.billing.pricing.run_treatment`, the rule checkout uses,
on the run's delivery date; only the loading is done in bulk here, so a listing makes the same
number of queries however many runs it shows.
"""

from dataclasses import dataclass
from decimal import Decimal

from wagtail.models import Page

from .models import RunPricing, SellerProfile, VatRate
from .money import gross_price, round_cents
from .pricing import delivery_date, run_treatment


@dataclass(frozen=True)
class ShownPrice:
    """A run's list price: ``net``, ``vat`` and ``gross`` in euros, with the VAT category and
    rate (%) that apply on the run's delivery date."""

    net: Decimal
    vat_category: str
    vat_rate: Decimal

    @property
    def gross(self) -> Decimal:
        return gross_price(self.net, self.vat_rate)

    @property
    def vat(self) -> Decimal:
        return self.gross - self.net

    @property
    def taxed(self) -> bool:
        return self.vat_category == "S"


def _sellers_by_module(runs, modules) -> dict:
    """Complete seller profiles by module id (a module's seller is its parent institution's).
    ``modules``: the module pages of ``runs`` when the caller has them (saves a query)."""
    steplen = Page.steplen
    if modules is None:
        ids = {r.module_id for r in runs}
        paths = dict(Page.objects.filter(pk__in=ids).values_list("pk", "path"))
    else:
        paths = {m.pk: m.path for m in modules}
    parents = {module_id: path[:-steplen] for module_id, path in paths.items()}
    if not parents:
        return {}
    sellers = {
        s.institution.path: s
        for s in SellerProfile.objects.filter(
            institution__path__in=set(parents.values())
        ).select_related("institution")
    }
    found = {}
    for module_id, parent in parents.items():
        seller = sellers.get(parent)
        if seller is not None and not seller.missing_fields():
            found[module_id] = seller
    return found


def _standard_rate(rates: list, on):
    def rate():
        if not rates:  # loaded once, and only when a taxed run needs it
            rates.extend(
                VatRate.objects.filter(category="S")
                .order_by("-valid_from")
                .values_list("valid_from", "rate")
            )
        for valid_from, value in rates:
            if valid_from <= on:
                return value
        return VatRate.rate_on(on, "S")  # raises BillingError: no rate for that date

    return rate


def annotate_shown_prices(runs, modules=None) -> list:
    """Set ``shown_price`` (a :class:`ShownPrice`, or ``None`` for a free run or one that
    cannot be sold yet: no complete seller profile) on each of ``runs``; returns them.

    ``modules``: the runs' module pages, when the caller has them loaded. At most four
    queries, whatever the number of runs.
    """
    runs = list(runs)
    paid = [r for r in runs if not r.is_free]
    sellers = _sellers_by_module(paid, modules) if paid else {}
    sold = [r for r in paid if r.module_id in sellers]
    rules = {p.run_id: p for p in RunPricing.objects.filter(run__in=sold)} if sold else {}
    rates: list = []
    sold_ids = {r.pk for r in sold}
    for run in runs:
        run.shown_price = None
        if run.pk not in sold_ids:
            continue
        seller = sellers[run.module_id]
        on = delivery_date(run)
        category, rate, _text = run_treatment(
            rules.get(run.pk), seller, on, _standard_rate(rates, on)
        )
        run.shown_price = ShownPrice(round_cents(run.price), category, rate)
    return runs


def shown_price(run) -> ShownPrice | None:
    """The :class:`ShownPrice` of one run (see :func:`annotate_shown_prices`)."""
    return annotate_shown_prices([run])[0].shown_price
