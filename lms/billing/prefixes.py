"""Rules for a seller's number prefixes (invoice, credit note, quote).

A printed number is ``PREFIX-YEAR-NUMBER``; two series sharing a prefix would print the same
number twice (and the unique number column would refuse the second at checkout). So a prefix:

* uses capital letters and digits only (``[A-Z0-9]``);
* is unique, ignoring case, across every seller and across the three series;
* cannot change once a document of the current (Amsterdam) year was numbered with it, so a
  year's series keeps one prefix (gap-free numbering, art. 35a Wet OB 1968).

:func:`prefix_errors` is called by ``SellerProfile.clean``, so the admin form shows a field
error instead of a failure later.
"""

import re

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

FIELDS = ("invoice_prefix", "credit_note_prefix", "quote_prefix")
PATTERN = re.compile(r"^[A-Z0-9]+$")


def _used_this_year(profile, field: str) -> bool:
    year = timezone.localdate().year
    if field == "quote_prefix":
        series = apps.get_model("bookings", "QuoteNumberSeries").objects
        return series.filter(
            institution_id=profile.institution_id, year=year, last_number__gt=0
        ).exists()
    name = {"invoice_prefix": "invoice", "credit_note_prefix": "credit"}[field]
    counters = apps.get_model("billing", "NumberCounter").objects
    return counters.filter(seller_id=profile.pk, year=year, series=name, last_number__gt=0).exists()


def prefix_errors(profile) -> dict[str, str]:
    """Field name → error for ``profile``'s (a SellerProfile) prefixes; empty when all fit."""
    errors: dict[str, str] = {}
    Seller = apps.get_model("billing", "SellerProfile")
    stored = Seller.objects.filter(pk=profile.pk).first() if profile.pk else None
    taken: dict[str, str] = {}
    for other in Seller.objects.exclude(pk=profile.pk).values(*FIELDS):
        for value in other.values():
            if value:
                taken[value.upper()] = "other"
    for field in FIELDS:
        value = getattr(profile, field)
        if stored is not None and getattr(stored, field) != value and getattr(stored, field):
            if _used_this_year(stored, field):
                errors[field] = _(
                    "This prefix was used for a document this year; it can change next year."
                )
                continue
        if not value:
            continue
        if not PATTERN.match(value):
            errors[field] = _("Use capital letters A–Z and digits only.")
        elif value.upper() in taken:
            errors[field] = _("This prefix is already used by another series or seller.")
        else:
            taken[value.upper()] = field
    return errors
