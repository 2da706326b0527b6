"""Billing data: sellers, budgets, prices, VAT rates, invoices, credit notes and payments.

Money is ``Decimal`` euros with two places. Invoices and credit notes copy seller and buyer data
when they are issued and are never edited or deleted afterwards (kept 7 years, art. 52 AWR).
Pages are referred to by string (``"courses.InstitutionPage"``); billing never imports the CMS.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from stdnum import iban as iban_number
from stdnum.nl import btw
from stdnum.util import isdigits

from lms.accounts.institutions import managed_page_paths

from .exceptions import BillingError

ZERO = Decimal("0.00")
MONEY = {"max_digits": 11, "decimal_places": 2}


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


class SellerProfileQuerySet(models.QuerySet):
    def for_user(self, user):
        """All for the programme team; an institution manager sees their own; else none."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
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
        from .prefixes import prefix_errors

        errors = prefix_errors(self)
        if errors:
            raise ValidationError(errors)


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


class CheckoutRecordQuerySet(models.QuerySet):
    def for_user(self, user):
        """All for the programme team, else the person's own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(enrolment__user=user)


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


class NumberCounter(models.Model):
    """The last number used in one series of one seller in one (Amsterdam) year. Locked to issue."""

    seller = models.ForeignKey(SellerProfile, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    series = models.CharField(max_length=12)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "year", "series"], name="counter_unique")
        ]

    def __str__(self):
        return f"{self.seller_id}/{self.year}/{self.series}: {self.last_number}"


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


class InvoiceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Programme team: all; institution managers: their institution's; persons: those they
        pay; approved organisation contacts: their organisation's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
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
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
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
