"""``Quote`` and ``QuoteLine``: the priced offer for a booking request.

Kept apart from ``models.py`` (imported there) so each module reads in one sitting.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from lms.accounts.querysets import ScopedQuerySet
from lms.billing import money

from .visibility import contact_organisations, managed_institutions


class QuoteQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Quotes ``user`` may see: those of the booking requests they may see."""
        return self.filter(
            Q(booking__organisation_id__in=contact_organisations(user))
            | Q(booking__requested_by=user)
            | managed_institutions(user, "booking__institution__path")
        )


class Quote(ClusterableModel):
    """A priced offer for a booking request.

    A draft is edited in the admin; ``send_quote`` numbers it, locks its content and mails the
    PDF with a secret decision link. Only the SHA-256 of that link's token is stored. A revised
    quote supersedes the previous one, whose link then refuses.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SUPERSEDED = "superseded", _("Superseded")

    booking = models.ForeignKey(
        "bookings.BookingRequest",
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("booking"),
    )
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)
    valid_until = models.DateField(_("valid until"))
    planned_delivery_date = models.DateField(
        _("planned delivery date"),
        null=True,
        blank=True,
        help_text=_("VAT on the quote follows this date; the invoice follows the real one."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by_name = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_by_role = models.CharField(_("role"), max_length=200, blank=True)
    po_number = models.CharField(
        _("purchase-order number"),
        max_length=50,
        blank=True,
        help_text=_("The organisation's order reference, given when it accepts; on the invoice."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="quote_number_unique"
            ),
        ]

    def __str__(self):
        return self.number or _("Draft quote for %(booking)s") % {"booking": self.booking}

    @property
    def quote_date(self):
        """The date of the quote in Europe/Amsterdam: when it was sent, else today."""
        return timezone.localdate(self.sent_at) if self.sent_at else timezone.localdate()

    def planned_delivery(self) -> dt.date:
        """The date the quote expects delivery (Europe/Amsterdam): its planned delivery date,
        else the request's preferred end or start, else the quote's date."""
        booking = self.booking
        return (
            self.planned_delivery_date
            or booking.preferred_end
            or booking.preferred_start
            or self.quote_date
        )

    def is_expired(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.valid_until < today


class QuoteLine(models.Model):
    """One priced line of a quote. ``unit_price`` is net euros; ``net_amount`` is rounded."""

    class Kind(models.TextChoices):
        TRAINER_DAYS = "trainer_days", _("Trainer days")
        PREPARATION = "preparation", _("Preparation")
        MATERIALS = "materials", _("Materials")
        TRAVEL = "travel", _("Travel")
        VENUE = "venue", _("Venue")
        COACHING_HOURS = "coaching_hours", _("Coaching hours")
        ADVICE_HOURS = "advice_hours", _("Advice hours")

    quote = ParentalKey(Quote, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.CharField(
        pgettext_lazy("field", "description"), max_length=255, blank=True
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price (net, euros)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    exempt_basis = models.CharField(
        _("exempt on other grounds: legal basis"),
        max_length=120,
        blank=True,
        help_text=_(
            "Only when this line is exempt from VAT on grounds other than CRKBO training, "
            "e.g. an article of the Wet OB 1968. The VAT is otherwise computed, never chosen."
        ),
    )
    exempt_reason = models.CharField(
        _("exempt on other grounds: reason"), max_length=200, blank=True
    )
    # The VAT decided when the quote was sent (on its planned delivery date); empty in a draft.
    vat_category = models.CharField(_("VAT category"), max_length=2, blank=True, editable=False)
    vat_rate = models.DecimalField(
        _("VAT rate"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    vat_text = models.CharField(_("VAT exemption text"), max_length=300, blank=True, editable=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = ["kind", "description", "quantity", "unit_price", "exempt_basis", "exempt_reason"]

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="quote_line_quantity_pos"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="quote_line_price_nonneg"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} × {self.quantity}"

    def clean(self):
        if bool(self.exempt_basis.strip()) != bool(self.exempt_reason.strip()):
            raise ValidationError(
                {
                    "exempt_reason": _(
                        "An exemption on other grounds needs both a legal basis and a reason."
                    )
                }
            )

    @property
    def net_amount(self) -> Decimal:
        return money.line_net(self.quantity, self.unit_price)

    @property
    def vat_category_rate(self) -> tuple[str, Decimal] | None:
        """The VAT fixed when the quote was sent, or ``None`` in a draft."""
        return (self.vat_category, self.vat_rate) if self.vat_category else None
