"""Credit notes and their lines: corrections of an invoice, with their own number series,
never edited or deleted once issued."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from .base import MONEY, DocumentLine, ImmutableModel
from .invoices import Invoice, InvoiceLine


class CreditNoteQuerySet(models.QuerySet):
    def for_user(self, user):
        """Whoever may see the credited invoice may see the credit note."""
        return self.filter(invoice__in=Invoice.objects.for_user(user))


class CreditNote(ImmutableModel):
    """A correction of an invoice, with its own number series; never exceeds the invoice."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    issued_at = models.DateTimeField(_("issued at"))
    issue_date = models.DateField(_("issue date"))
    reason = models.CharField(_("reason"), max_length=300)
    net_total = models.DecimalField(_("net"), **MONEY)
    vat_total = models.DecimalField(_("VAT"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    vat_breakdown = models.JSONField(default=list)

    objects = CreditNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                # Rounded: SQLite adds REAL values, so 891.00 + 187.11 is not 1078.11 there.
                condition=Q(total=Round(models.F("net_total") + models.F("vat_total"), 2)),
                name="credit_total_is_net_plus_vat",
            ),
            models.CheckConstraint(condition=Q(net_total__gte=0), name="credit_net_not_negative"),
        ]

    def __str__(self):
        return self.number


class CreditNoteLine(DocumentLine):
    credit_note = models.ForeignKey(CreditNote, on_delete=models.PROTECT, related_name="lines")
    invoice_line = models.ForeignKey(InvoiceLine, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description
