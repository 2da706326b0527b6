"""Rules for a seller's number prefixes (invoice, credit note, quote).

A printed number is ``PREFIX-YEAR-NUMBER``; two series sharing a prefix would print the same
number twice (and the unique number column would refuse the second at checkout). So a prefix:

* uses capital letters and digits only (``[A-Z0-9]``);
* is unique, ignoring case, across every seller and across the three series;
* cannot change once a document of the current (Amsterdam) year was numbered with it, so a
  year's series keeps one prefix (gap-free numbering, art. 35a Wet OB 1968).

:func:`prefix_errors` is called by ``SellerProfile.clean``, so the admin form shows a field
error instead of a failure later.

Billing numbers invoices and credit notes itself; the quote series belongs to ``bookings``, an
app above billing, which tells billing whether a quote prefix was used this year through
:func:`register_usage_check` (in ``BookingsConfig.ready``), so billing never reads bookings.
"""

import re
from collections.abc import Callable

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

FIELDS = ("invoice_prefix", "credit_note_prefix", "quote_prefix")
PATTERN = re.compile(r"^[A-Z0-9]+$")
#: prefix field → a check ``(profile, year) -> bool``: was a document numbered with it then?
_usage_checks: dict[str, Callable[[object, int], bool]] = {}


def register_usage_check(field: str, check: Callable[[object, int], bool]) -> None:
    """Let the app that owns a series answer "was ``field`` of a seller profile used for a
    document in this (Amsterdam) year?": ``check(profile, year)`` returns a bool. Registering
    the same field again replaces the check. Raises ``ValueError`` for an unknown field."""
    if field not in FIELDS:
        raise ValueError(f"unknown prefix field {field!r}")
    _usage_checks[field] = check


def _used_this_year(profile, field: str) -> bool:
    year = timezone.localdate().year
    if field in _usage_checks:
        return _usage_checks[field](profile, year)
    if field == "quote_prefix":
        return False  # no app numbers quotes
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
