"""What things cost: a module's budget, the VAT rates and a run's price rules."""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..exceptions import BillingError
from .base import MONEY, ZERO


class ModuleBudget(models.Model):
    """A module's development cost and the programme's contribution to it (euros)."""

    module = models.OneToOneField(
        "courses.CourseModulePage",
        on_delete=models.PROTECT,
        related_name="budget",
        verbose_name=_("module"),
    )
    development_cost = models.DecimalField(
        _("development cost"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    programme_contribution = models.DecimalField(
        _("programme contribution"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("module budget")
        verbose_name_plural = _("module budgets")

    def __str__(self):
        return str(self.module)


class VatRate(models.Model):
    """A VAT rate of one category, valid from a date until the next row of that category."""

    category = models.CharField(_("category"), max_length=2, default="S")
    rate = models.DecimalField(
        _("rate (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["category", "valid_from"], name="vat_rate_unique")
        ]

    def __str__(self):
        return f"{self.category} {self.rate}% ({self.valid_from})"

    @classmethod
    def rate_on(cls, on: dt.date, category: str = "S") -> Decimal:
        """The rate in percent of ``category`` on ``on``; raises BillingError when none."""
        row = cls.objects.filter(category=category, valid_from__lte=on).first()
        if row is None:
            raise BillingError(_("No VAT rate is defined for this date."))
        return row.rate


class RunPricing(models.Model):
    """A run's price rules beyond its net base price, its late-cancellation fee and line kind."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Vocational training")
        ADVICE = "advice", _("Advice or coaching")

    run = models.OneToOneField(
        "enrolment.CourseRun",
        on_delete=models.CASCADE,
        related_name="pricing",
        verbose_name=_("run"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TRAINING)
    vat_exempt = models.BooleanField(
        _("advice exempt from VAT"),
        default=False,
        help_text=_("Only for advice or coaching that is exempt on other grounds."),
    )
    early_bird_price = models.DecimalField(
        _("early-bird price (net)"), **MONEY, null=True, blank=True
    )
    early_bird_until = models.DateTimeField(_("early-bird until"), null=True, blank=True)
    member_price = models.DecimalField(
        _("price for partner members (net)"), **MONEY, null=True, blank=True
    )
    member_organisations = models.ManyToManyField(
        "accounts.Organisation", blank=True, verbose_name=_("partner organisations")
    )
    # The free-cancellation moment is the run's (CourseRun.free_cancellation_days); this is
    # the fee after it. See lms.billing.cancellation.
    late_cancellation_percentage = models.DecimalField(
        _("fee owed after the free-cancellation moment (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("run pricing and terms")
        verbose_name_plural = _("run pricing and terms")

    def __str__(self):
        return str(self.run)
