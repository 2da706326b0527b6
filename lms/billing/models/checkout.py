"""Checkout: discount codes and what was agreed for one enrolment (:class:`CheckoutRecord`)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.querysets import OwnRowsQuerySet

from .base import MONEY, ZERO


class DiscountCode(models.Model):
    """A discount code: a fixed amount or a percentage off the net price."""

    class Kind(models.TextChoices):
        FIXED = "fixed", _("Fixed amount")
        PERCENT = "percent", _("Percentage")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PERCENT)
    value = models.DecimalField(_("value"), **MONEY, validators=[MinValueValidator(ZERO)])
    usage_limit = models.PositiveIntegerField(_("usage limit"), null=True, blank=True)
    per_person_limit = models.PositiveIntegerField(_("uses per person"), default=1)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    runs = models.ManyToManyField("enrolment.CourseRun", blank=True, verbose_name=_("runs"))
    modules = models.ManyToManyField(
        "courses.CourseModulePage", blank=True, verbose_name=_("modules")
    )

    class Meta:
        verbose_name = _("discount code")
        verbose_name_plural = _("discount codes")

    def __str__(self):
        return self.code

    def clean(self):
        if self.kind == self.Kind.PERCENT and self.value > 100:
            raise ValidationError({"value": _("A percentage cannot exceed 100.")})


class CheckoutRecordQuerySet(OwnRowsQuerySet):
    """Checkout records: all for the programme team, else the person's own (``for_user``)."""

    owner_lookup = "enrolment__user"


class CheckoutRecord(models.Model):
    """What was agreed at checkout for one enrolment: terms, payer, discount, withdrawal right."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.PROTECT, related_name="checkout"
    )
    terms_version = models.CharField(_("accepted terms version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    po_number = models.CharField(_("purchase-order number"), max_length=50, blank=True)
    cost_centre = models.CharField(_("cost centre"), max_length=50, blank=True)
    discount_code = models.ForeignKey(
        DiscountCode, on_delete=models.PROTECT, null=True, blank=True, related_name="uses"
    )
    list_price = models.DecimalField(_("list price (net)"), **MONEY)
    price_reason = models.CharField(_("price"), max_length=20)
    withdrawal_until = models.DateTimeField(_("withdrawal right until"), null=True, blank=True)
    express_start = models.BooleanField(
        _("asked to start within the withdrawal period"),
        default=False,
        help_text=_("On withdrawal after the start, the part delivered is kept (art. 6:230s BW)."),
    )
    #: A person paying themselves: consumer or business details and the VAT-id check
    #: (``lms.billing.business.clean_buyer_details``); empty for an organisation payer.
    buyer_data = models.JSONField(_("buyer details"), default=dict, blank=True)
    batch = models.BooleanField(default=False)

    objects = CheckoutRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("checkout record")
        verbose_name_plural = _("checkout records")

    def __str__(self):
        return f"{self.enrolment_id}: {self.terms_version}"
