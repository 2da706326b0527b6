"""Money moving: payments and refunds of an invoice (append-only), staff's refund decisions,
online payments at the provider and the overdue reminders that were sent."""

from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.accounts.model_fields import person_link

from ..exceptions import BillingError
from .base import MONEY, ZERO
from .credit_notes import CreditNote
from .invoices import Invoice


class PaymentQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(invoice__in=Invoice.objects.for_user(user))

    def total(self, direction: str) -> Decimal:
        """Sum of the amounts in ``direction`` (euros, rounded to cents on every database)."""
        value = self.filter(direction=direction).aggregate(s=Sum("amount"))["s"] or ZERO
        return Decimal(value).quantize(Decimal("0.01"))

    def net_received(self) -> Decimal:
        """Received minus refunded, euros."""
        return self.total(Payment.Direction.IN) - self.total(Payment.Direction.OUT)


class Payment(models.Model):
    """Money received from (direction ``in``) or refunded to (``out``) the payer of an invoice.

    The amount is always positive; the direction says which way the money went. A refund may
    name the credit note it goes with. Payments are append-only: never changed or deleted.
    """

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        ONLINE = "online", _("Online payment")

    class Direction(models.TextChoices):
        IN = "in", _("Received")
        OUT = "out", _("Refunded")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **MONEY)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    method = models.CharField(_("method"), max_length=8, choices=Method.choices)
    credit_note = models.ForeignKey(
        CreditNote,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("credit note"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    received_on = models.DateField(_("received on"))
    external_id = models.CharField(max_length=64, blank=True)
    recorded_by = person_link(blank=False)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["method", "external_id"],
                condition=~Q(external_id=""),
                name="payment_external_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self):
        sign = "-" if self.direction == self.Direction.OUT else ""
        return f"{self.invoice_id}: {sign}{self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise BillingError(_("A recorded payment cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise BillingError(_("A recorded payment cannot be deleted."))


class RefundDecision(models.Model):
    """Staff's decision on a refund that no credit note covers: why the place is not credited.

    Written once; a refund with a decision is no longer an open item.
    """

    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="decision", verbose_name=_("refund")
    )
    reason = models.CharField(_("why no credit note"), max_length=300)
    decided_by = person_link(blank=False)
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("refund decision")
        verbose_name_plural = _("refund decisions")

    def __str__(self):
        return f"{self.payment_id}: {self.reason}"


class OnlinePayment(models.Model):
    """A payment started at the provider (e.g. Mollie iDEAL); confirmed once by row lock."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        FAILED = "failed", pgettext_lazy("payment status", "Failed")
        CANCELED = "canceled", _("Cancelled")
        EXPIRED = "expired", _("Expired")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="online_payments")
    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=64, unique=True)
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    checkout_url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    refunded_amount = models.DecimalField(**MONEY, default=ZERO)

    def __str__(self):
        return self.provider_id


class Reminder(models.Model):
    """An overdue reminder that was sent (at most one per invoice per level)."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="reminders")
    level = models.PositiveIntegerField(default=1)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invoice", "level"], name="reminder_once_per_level")
        ]

    def __str__(self):
        return f"{self.invoice_id} #{self.level}"
