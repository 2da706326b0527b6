"""Invoices and their lines.

An invoice copies seller and buyer data when it is issued and is never edited or deleted
afterwards (:class:`~.base.ImmutableModel`). Its payment state is derived from its payments
and credit notes, never stored.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.institutions import managed_page_paths
from lms.accounts.querysets import ScopedQuerySet

from .base import MONEY, ZERO, DocumentLine, ImmutableModel
from .parties import SellerProfile


class InvoiceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Programme team: all; institution managers: their institution's; persons: those they
        pay; approved organisation contacts: their organisation's."""
        contact_orgs = user.memberships.filter(role="contact", status="approved").values(
            "organisation_id"
        )
        return self.filter(
            Q(payer_user=user, organisation__isnull=True)
            | Q(organisation_id__in=contact_orgs)
            | Q(seller__institution__path__in=managed_page_paths(user))
        )

    def with_paid(self):
        """Annotate ``paid_amount`` (received minus refunded), ``refunded_amount`` (refunds) and
        ``credited_amount`` (credit notes), euros."""
        money = models.DecimalField(**MONEY)
        # Payments and credit notes point at the invoice and their modules import this one, so
        # their models are reached through the reverse relations, not imported.
        Payment = self.model._meta.get_field("payments").related_model
        CreditNote = self.model._meta.get_field("credit_notes").related_model

        def payments(direction):
            rows = Payment.objects.filter(invoice=models.OuterRef("pk"), direction=direction)
            rows = rows.values("invoice").annotate(s=Sum("amount")).values("s")
            return models.functions.Coalesce(models.Subquery(rows), ZERO, output_field=money)

        credited = CreditNote.objects.filter(invoice=models.OuterRef("pk")).values("invoice")
        credited = credited.annotate(s=Sum("total")).values("s")
        return self.annotate(
            received_amount=payments(Payment.Direction.IN),
            refunded_amount=payments(Payment.Direction.OUT),
            credited_amount=models.functions.Coalesce(
                models.Subquery(credited), ZERO, output_field=money
            ),
        ).annotate(
            paid_amount=models.ExpressionWrapper(
                models.F("received_amount") - models.F("refunded_amount"), output_field=money
            )
        )


class Invoice(ImmutableModel):
    """An issued invoice. Seller and buyer data are copied into it; never edited or deleted."""

    class PaymentState(models.TextChoices):
        OPEN = "open", _("Open")
        PARTLY_PAID = "partly_paid", _("Partly paid")
        PAID = "paid", _("Paid")
        OVERDUE = "overdue", _("Overdue")
        OVERPAID = "overpaid", _("Overpaid")
        CREDITED = "credited", _("Credited")

    number = models.CharField(_("number"), max_length=30, unique=True)
    seller = models.ForeignKey(SellerProfile, on_delete=models.PROTECT, related_name="invoices")
    issued_at = models.DateTimeField(_("issued at"))
    issue_date = models.DateField(_("issue date"))
    delivery_date = models.DateField(_("delivery date"))
    due_date = models.DateField(_("due date"))
    seller_data = models.JSONField(_("seller"))
    buyer_data = models.JSONField(_("buyer"))
    payer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="invoices"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="invoices"
    )
    po_number = models.CharField(_("purchase-order number"), max_length=50, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=16, unique=True)
    net_total = models.DecimalField(_("net"), **MONEY)
    vat_total = models.DecimalField(_("VAT"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    vat_breakdown = models.JSONField(default=list)
    note = models.TextField(blank=True)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects invoice"),
        help_text=_("The credited invoice this one replaces."),
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                # Rounded: SQLite adds REAL values, so 891.00 + 187.11 is not 1078.11 there.
                condition=Q(total=Round(models.F("net_total") + models.F("vat_total"), 2)),
                name="invoice_total_is_net_plus_vat",
            ),
            models.CheckConstraint(condition=Q(net_total__gte=0), name="invoice_net_not_negative"),
        ]

    def __str__(self):
        return self.number

    def payment_state(self, today=None, paid=None, credited=None) -> str:
        """Derived from payments and credit notes (never stored). ``today`` in Amsterdam."""
        today = today or timezone.localdate()
        paid = self.paid_amount if paid is None and hasattr(self, "paid_amount") else paid
        credited = (
            self.credited_amount
            if credited is None and hasattr(self, "credited_amount")
            else credited
        )
        if paid is None:
            paid = self.payments.net_received()
        if credited is None:
            credited = self.credit_notes.aggregate(s=Sum("total"))["s"] or ZERO
        owed = self.total - credited
        if credited and owed == 0 and paid == 0:
            return self.PaymentState.CREDITED
        if paid > owed:
            return self.PaymentState.OVERPAID
        if paid == owed:
            return self.PaymentState.PAID
        if self.due_date < today:
            return self.PaymentState.OVERDUE
        if paid > 0:
            return self.PaymentState.PARTLY_PAID
        return self.PaymentState.OPEN

    def outstanding(self, paid=None, credited=None) -> Decimal:
        """What is still owed in euros (negative when overpaid)."""
        paid = paid if paid is not None else self.payments.net_received()
        credited = (
            credited if credited is not None else self.credit_notes.aggregate(s=Sum("total"))["s"]
        )
        return self.total - (credited or ZERO) - (paid or ZERO)


class InvoiceLine(DocumentLine):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    enrolment = models.ForeignKey(
        "enrolment.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoice_lines",
    )
    #: UN/ECE Recommendation 20 unit of the quantity: C62 (one), DAY, HUR (hour).
    unit_code = models.CharField(_("unit code"), max_length=3, default="C62")

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.description
