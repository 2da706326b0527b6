"""Billing data, one module per topic, all importable from here.

- ``base``: ``ZERO`` and ``MONEY`` (``Decimal`` euros, two places), :class:`ImmutableModel` and
  :class:`DocumentLine`, the bases of issued documents;
- ``parties``: the seller (:class:`SellerProfile`), the buyer (:class:`BillingProfile`) and the
  validators of their VAT id, KvK number and IBAN;
- ``pricing``: :class:`ModuleBudget`, :class:`VatRate` and :class:`RunPricing`;
- ``checkout``: :class:`DiscountCode` and :class:`CheckoutRecord`;
- ``counters``: :class:`NumberCounter` (the number series, used by ``lms.billing.numbering``);
- ``invoices``: :class:`Invoice` and :class:`InvoiceLine`;
- ``credit_notes``: :class:`CreditNote` and :class:`CreditNoteLine`;
- ``payments``: :class:`Payment` (received and refunded), :class:`RefundDecision`,
  :class:`OnlinePayment` and :class:`Reminder`.

Invoices and credit notes copy seller and buyer data when they are issued and are never edited
or deleted afterwards (kept 7 years, art. 52 AWR). Pages are referred to by string
(``"courses.InstitutionPage"``); billing never imports the CMS. The modules import each other
one way (base, parties ← counters, invoices ← credit_notes ← payments); the invoice's
``with_paid`` reaches payments and credit notes through its reverse relations. Migration 0001
refers to the validators by this package's path, so they are re-exported here with the rest.
"""

from .base import MONEY, ZERO, DocumentLine, ImmutableModel
from .checkout import CheckoutRecord, CheckoutRecordQuerySet, DiscountCode
from .counters import NumberCounter
from .credit_notes import CreditNote, CreditNoteLine, CreditNoteQuerySet
from .invoices import Invoice, InvoiceLine, InvoiceQuerySet
from .parties import (
    BillingProfile,
    SellerProfile,
    SellerProfileQuerySet,
    manages_institution,
    validate_iban,
    validate_kvk,
    validate_vat_id,
)
from .payments import (
    OnlinePayment,
    Payment,
    PaymentQuerySet,
    RefundDecision,
    Reminder,
)
from .pricing import ModuleBudget, RunPricing, VatRate

__all__ = [
    "MONEY",
    "ZERO",
    "BillingProfile",
    "CheckoutRecord",
    "CheckoutRecordQuerySet",
    "CreditNote",
    "CreditNoteLine",
    "CreditNoteQuerySet",
    "DiscountCode",
    "DocumentLine",
    "ImmutableModel",
    "Invoice",
    "InvoiceLine",
    "InvoiceQuerySet",
    "ModuleBudget",
    "NumberCounter",
    "OnlinePayment",
    "Payment",
    "PaymentQuerySet",
    "RefundDecision",
    "Reminder",
    "RunPricing",
    "SellerProfile",
    "SellerProfileQuerySet",
    "VatRate",
    "manages_institution",
    "validate_iban",
    "validate_kvk",
    "validate_vat_id",
]
