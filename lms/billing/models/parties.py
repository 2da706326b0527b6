"""The parties on a document: the seller (an institution's :class:`SellerProfile`) and the
buyer (an organisation's :class:`BillingProfile`), with the validators of their numbers.

Migration 0001 refers to the validators as ``lms.billing.models.validate_…``; the package
re-exports them. Pages are referred to by string (``"courses.InstitutionPage"``); billing never
imports the CMS.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum import iban as iban_number
from stdnum.nl import btw
from stdnum.util import isdigits

from lms.accounts.institutions import managed_page_paths
from lms.accounts.querysets import ScopedQuerySet


def validate_vat_id(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid Dutch VAT id (``NL…B..``, stdnum)."""
    if value and not btw.is_valid(value):
        raise ValidationError(_("%(value)s is not a valid Dutch VAT id.") % {"value": value})


def validate_kvk(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is an 8-digit KvK number.

    python-stdnum 2.2 has no KvK module and KvK numbers carry no check digit, so the check is
    the format: eight digits (stdnum's ``isdigits``).
    """
    if value and not (len(value) == 8 and isdigits(value)):
        raise ValidationError(_("%(value)s is not a valid KvK number.") % {"value": value})


def validate_iban(value: str) -> None:
    """Raise ``ValidationError`` unless ``value`` is a valid IBAN (stdnum)."""
    if value and not iban_number.is_valid(value):
        raise ValidationError(_("%(value)s is not a valid IBAN.") % {"value": value})


def manages_institution(user) -> Q:
    """A ``Q`` on SellerProfile rows whose institution ``user`` manages (the one selector in
    ``lms.accounts.institutions``)."""
    return Q(institution__path__in=managed_page_paths(user))


class SellerProfileQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """All for the programme team; an institution manager sees their own; else none."""
        return self.filter(manages_institution(user))


class SellerProfile(models.Model):
    """An institution's legal and bank data and its number prefixes: the seller on invoices."""

    REQUIRED_FIELDS = (
        "legal_name",
        "street",
        "postcode",
        "city",
        "kvk_number",
        "vat_id",
        "iban",
        "invoice_prefix",
        "credit_note_prefix",
    )

    institution = models.OneToOneField(
        "courses.InstitutionPage",
        on_delete=models.PROTECT,
        related_name="seller_profile",
        verbose_name=_("institution"),
    )
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country code"), max_length=2, default="NL")
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk]
    )
    vat_id = models.CharField(_("VAT id"), max_length=14, blank=True, validators=[validate_vat_id])
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    email = models.EmailField(_("billing e-mail"), blank=True)
    crkbo_registered_from = models.DateField(_("CRKBO registered from"), null=True, blank=True)
    crkbo_registered_until = models.DateField(
        _("CRKBO registered until"), null=True, blank=True, help_text=_("Empty: still registered.")
    )
    invoice_prefix = models.CharField(_("invoice prefix"), max_length=10, blank=True)
    credit_note_prefix = models.CharField(_("credit-note prefix"), max_length=10, blank=True)
    quote_prefix = models.CharField(_("quote prefix"), max_length=10, blank=True)
    payment_term_days = models.PositiveIntegerField(_("payment term (days)"), default=30)
    is_example = models.BooleanField(
        _("example seller"),
        default=False,
        help_text=_(
            "Demo data loaded by `make run`: its invoices say VOORBEELD – geen geldige factuur, "
            "are never exported as UBL, and production refuses to start with it."
        ),
    )

    objects = SellerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("seller profile")
        verbose_name_plural = _("seller profiles")

    def __str__(self):
        return self.legal_name or str(self.institution_id)

    def missing_fields(self) -> list[str]:
        """Verbose names of the required fields that are still empty (empty list: complete)."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_FIELDS
            if not getattr(self, name)
        ]

    def is_crkbo_registered(self, on: dt.date) -> bool:
        """True when the institution is CRKBO-registered on the date ``on`` (delivery date)."""
        if self.crkbo_registered_from is None or on < self.crkbo_registered_from:
            return False
        return self.crkbo_registered_until is None or on <= self.crkbo_registered_until

    def clean(self):
        """Prefix rules (``lms.billing.prefixes``): [A-Z0-9], unique ignoring case across
        sellers and series, frozen once used for a document this year."""
        from ..prefixes import prefix_errors

        errors = prefix_errors(self)
        if errors:
            raise ValidationError(errors)


class BillingProfile(models.Model):
    """An organisation's billing data. KvK number and OIN come from the organisation itself."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="billing_profile",
        verbose_name=_("organisation"),
    )
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country code"), max_length=2, default="NL")
    vat_id = models.CharField(_("VAT id"), max_length=14, blank=True, validators=[validate_vat_id])
    invoice_email = models.EmailField(_("invoice e-mail"), blank=True)
    cost_centre = models.CharField(_("cost centre"), max_length=50, blank=True)
    po_number_required = models.BooleanField(_("purchase-order number required"), default=False)

    class Meta:
        verbose_name = _("billing profile")
        verbose_name_plural = _("billing profiles")

    def __str__(self):
        return str(self.organisation)
