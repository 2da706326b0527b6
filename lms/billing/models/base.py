"""What the billing models share: money fields (``Decimal`` euros, two places) and the base
classes of issued documents.

Invoices and credit notes are never edited or deleted once issued (kept 7 years, art. 52 AWR):
:class:`ImmutableModel` refuses it, and :class:`DocumentLine` is the immutable line both carry.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..exceptions import BillingError

ZERO = Decimal("0.00")
MONEY = {"max_digits": 11, "decimal_places": 2}


class ImmutableModel(models.Model):
    """Refuses updates and deletes once saved: documents are corrected by new documents."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise BillingError(_("An issued document cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BillingError(_("An issued document cannot be deleted."))


class DocumentLine(ImmutableModel):
    """One line of an invoice or credit note; net amount rounded half-up when made.

    Immutable like its document (written once with ``bulk_create`` when the document is issued).
    """

    description = models.CharField(pgettext_lazy("field", "description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    net_amount = models.DecimalField(_("net amount"), **MONEY)
    vat_category = models.CharField(_("VAT category"), max_length=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=5, decimal_places=2)
    exemption_reason = models.CharField(max_length=200, blank=True)
    delivery_date = models.DateField(_("delivery date"))

    class Meta:
        abstract = True
