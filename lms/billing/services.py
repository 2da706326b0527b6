"""Billing transitions: checkout, issuing invoices and credit notes, recording payments.

Each service is one ``transaction.atomic()`` block that locks the rows it decides on, checks,
writes and records an action-log entry. Errors are :class:`BillingError` with a translated
message; when one is raised nothing has changed.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment import services as enrolment_services
from lms.enrolment.locks import lock_run
from lms.enrolment.models import CourseRun, Enrolment

from . import business, pricing
from .crediting import credit_cancelled_enrolment, issue_credit_note
from .exceptions import BillingError
from .issuing import (
    Buyer,
    buyer_for_organisation,
    buyer_for_person,
    issue_invoice,
)
from .models import (
    CheckoutRecord,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
)
from .money import (
    ZERO,
)
from .payments import (
    refund_online_payment,
    register_bank_payment,
    start_online_payment,
    sync_online_payment,
)

__all__ = [
    "WITHDRAWAL_DAYS",
    "Buyer",
    "buyer_for_organisation",
    "buyer_for_person",
    "checkout",
    "credit_cancelled_enrolment",
    "invoice_batch",
    "invoice_checked_out_enrolment",
    "issue_credit_note",
    "issue_invoice",
    "rebill_after_change",
    "record_checkout",
    "refund_online_payment",
    "register_bank_payment",
    "start_online_payment",
    "sync_online_payment",
]

#: Distance-contract withdrawal period for consumers (art. 6:230o BW).
WITHDRAWAL_DAYS = 14


def _line_for_enrolment(enrolment, quote, seller) -> dict:
    run = enrolment.run
    local_start = pricing.delivery_date(run)
    return {
        # Product text of a Dutch legal document, fixed like the PDF's (not a UI message).
        "description": f"{run.display_title}, uitvoering {run.code}, "
        f"deelnemer {enrolment.user.get_full_name()}",
        "quantity": Decimal("1"),
        "unit_price": enrolment.price,
        "vat_category": quote.vat_category,
        "vat_rate": quote.vat_rate,
        "exemption_reason": quote.exemption_reason,
        "delivery_date": local_start,
        "enrolment": enrolment,
    }


def checkout(
    user,
    run: CourseRun,
    *,
    accept_terms: bool,
    payer: str = Enrolment.Payer.PARTICIPANT,
    organisation=None,
    po_number: str = "",
    cost_centre: str = "",
    discount_code: str = "",
    express_start: bool = False,
    buyer_details: dict | None = None,
) -> Enrolment:
    """Enrol ``user`` in a paid ``run`` at the price computed now, and invoice the payer.

    In one transaction: lock the run, price the place, enrol through the enrolment service with
    that price and payer, record the accepted terms, and issue the invoice (to the person, or to
    the organisation as a one-place batch).

    ``buyer_details`` (a person paying themselves; see :func:`business.clean_buyer_details`)
    make the invoice a business invoice or add the consumer's address.

    A private payer is a consumer: they may withdraw within 14 days of enrolling (art. 6:230o
    BW); when they asked the run to start within that period (``express_start``) and it did,
    the part delivered is kept (art. 6:230s BW; see ``lms.billing.withdrawal``).

    Raises:
        BillingError: terms not accepted, seller profile incomplete, discount refused, the
            organisation cannot pay (no billing profile, not a contact or member, PO missing).
        EnrolmentError: the enrolment service refused (full, closed, already enrolled).
    """
    details = _check_order(user, accept_terms, payer, organisation, buyer_details)
    with transaction.atomic():
        run = lock_run(run.pk)
        now = timezone.now()
        quote = pricing.quote(
            user,
            run,
            discount_code=discount_code,
            now=now,
            organisation=organisation if payer == Enrolment.Payer.ORGANISATION else None,
        )
        if run.is_free:
            return enrolment_services.enrol(user, run, price=ZERO, payer=payer)
        organisation = _check_sale(run, payer, organisation, cost_centre, po_number)
        enrolment = enrolment_services.enrol(user, run, price=quote.net, payer=payer)
        order = {"po_number": po_number, "cost_centre": cost_centre, "express_start": express_start}
        _checkout_record(enrolment, user, quote, now, organisation, order, details)
        # A waitlisted or pending place is invoiced when it is confirmed (see receivers).
        if enrolment.state == Enrolment.State.CONFIRMED:
            invoice_checked_out_enrolment(enrolment, user=user)
    return enrolment


def _check_order(user, accept_terms: bool, payer: str, organisation, buyer_details) -> dict:
    """Checkout's checks before the run is locked; returns the cleaned buyer details."""
    if not accept_terms:
        raise BillingError(_("Please accept the terms and conditions to enrol."))
    if payer == Enrolment.Payer.ORGANISATION:
        if organisation is None:
            raise BillingError(_("Choose the organisation that pays."))
        if not pricing.is_member(user, organisation):
            raise BillingError(_("You can only bill an organisation you belong to."))
    details = {}
    if payer != Enrolment.Payer.ORGANISATION:  # checked before the run is locked (VIES call)
        details = business.clean_buyer_details(buyer_details or {})
    return details


def _check_sale(run, payer: str, organisation, cost_centre: str, po_number: str):
    """Refuse an incomplete seller or a paying organisation unfit to bill; returns that org."""
    pricing.seller_for(run)  # refuses before enrolling when the seller is incomplete
    if payer == Enrolment.Payer.ORGANISATION:
        buyer_for_organisation(organisation, cost_centre)  # refuses without billing data
        pricing.check_po_number(organisation, po_number)
        return organisation
    return None  # a person pays: no organisation on the checkout record


def _checkout_record(enrolment, user, quote, now, organisation, order: dict, details: dict):
    """The checkout page's record: a private payer gets the 14-day withdrawal period."""
    withdrawal_until = None
    if enrolment.payer == Enrolment.Payer.PARTICIPANT:
        withdrawal_until = now + dt.timedelta(days=WITHDRAWAL_DAYS)
    return record_checkout(
        enrolment,
        quote,
        now,
        user=user,
        organisation=organisation,
        po_number=order["po_number"].strip(),
        cost_centre=order["cost_centre"].strip(),
        withdrawal_until=withdrawal_until,
        express_start=bool(order["express_start"] and withdrawal_until),
        buyer_data=details,
    )


def record_checkout(enrolment, quote, now, *, user, route: str = "", **fields) -> CheckoutRecord:
    """Store what the buyer accepted for ``enrolment`` at ``now`` (the terms version, the price
    ``quote`` — net euros, list price, reason, discount code) and log ``billing.checkout``;
    ``fields`` are the record's other columns (organisation, PO number, cost centre, withdrawal
    period, …), ``route`` names another way in than the checkout page in the entry. The caller
    holds the run lock inside its transaction."""
    checkout_record = CheckoutRecord.objects.create(
        enrolment=enrolment,
        terms_version=pricing.terms_version(),
        accepted_at=now,
        discount_code=quote.discount,
        list_price=quote.list_price,
        price_reason=quote.reason,
        **fields,
    )
    record(
        enrolment,
        "billing.checkout",
        user=user,
        to_state=enrolment.state,
        price=str(quote.net),
        reason=quote.reason,
        terms=pricing.terms_version(),
        **({"route": route} if route else {}),
    )
    return checkout_record


def invoice_checked_out_enrolment(enrolment, *, user=None) -> Invoice | None:
    """Issue the invoice of a confirmed place that went through checkout, once.

    The price is the one fixed at checkout (``enrolment.price``, net euros); the buyer is the
    person or the organisation recorded at checkout; the VAT treatment follows the seller and
    the delivery date. Returns ``None`` for a free place, a place without checkout (batch places
    are invoiced per batch) or one already invoiced.
    """
    checkout_record = (
        CheckoutRecord.objects.filter(enrolment=enrolment).select_related("organisation").first()
    )
    if (
        checkout_record is None
        or enrolment.price <= 0
        or enrolment.state != Enrolment.State.CONFIRMED
        or InvoiceLine.objects.filter(enrolment=enrolment).exists()
    ):
        return None
    run = enrolment.run
    seller = pricing.seller_for(run)
    category, rate, reason = pricing.vat_treatment(run, seller, pricing.delivery_date(run))
    organisation = checkout_record.organisation
    if organisation is None:
        category, rate, reason = business.treatment(
            run, checkout_record.buyer_data, (category, rate, reason)
        )
    treatment = pricing.Quote(
        list_price=checkout_record.list_price,
        net=enrolment.price,
        reason=checkout_record.price_reason,
        vat_category=category,
        vat_rate=rate,
        exemption_reason=reason,
    )
    if organisation is not None:
        buyer = buyer_for_organisation(
            organisation, checkout_record.cost_centre, enrolment.user.get_full_name()
        )
    else:
        buyer = buyer_for_person(enrolment.user, checkout_record.buyer_data)
    return issue_invoice(
        seller,
        buyer,
        [_line_for_enrolment(enrolment, treatment, seller)],
        payer_user=enrolment.user,
        organisation=organisation,
        po_number=checkout_record.po_number,
        user=user,
    )


def invoice_batch(
    enrolments,
    organisation,
    *,
    user=None,
    po_number: str = "",
    cost_centre: str = "",
    reference: str = "",
) -> Invoice | None:
    """One invoice to ``organisation`` for every place of a batch it enrolled in one run, at
    each place's price (fixed by :func:`pricing.quote` when the batch was made), with VAT
    once per rate on the subtotal.

    Called by the receiver of ``enrolment_batch_created``, inside the batch's transaction, so a
    batch whose invoice cannot be written rolls back. Free places are not invoiced.
    ``reference`` defaults to the name of the contact who enrolled the batch (``user``).

    Raises:
        BillingError: the seller profile is incomplete or the organisation has no billing data.
    """
    paid = [e for e in enrolments if e.price > 0]
    if not paid:
        return None
    run = paid[0].run
    if any(e.run_id != run.pk for e in paid):
        raise BillingError(_("A batch invoice covers one run."))
    seller = pricing.seller_for(run)
    if not reference and user is not None:
        reference = user.get_full_name() or user.email
    buyer = buyer_for_organisation(organisation, cost_centre, reference)
    category, rate, exemption = pricing.vat_treatment(run, seller, pricing.delivery_date(run))
    quote = pricing.Quote(run.price, run.price, "batch", category, rate, exemption)
    lines = [_line_for_enrolment(e, quote, seller) for e in paid]
    return issue_invoice(
        seller,
        buyer,
        lines,
        payer_user=user,
        organisation=organisation,
        po_number=po_number,
        user=user,
    )


def rebill_after_change(old, new, *, user=None) -> Invoice | None:
    """A substitution or transfer: ``new`` takes the place of ``old`` (both enrolments).

    When the payer or the price changes, the old line is credited in full and ``new`` gets its
    own invoice; otherwise the invoice stands (returns ``None``).

    Raises:
        BillingError: as :func:`issue_credit_note` and :func:`issue_invoice`.
    """
    line = InvoiceLine.objects.filter(enrolment=old).select_related("invoice").last()
    if line is None:
        return None  # nothing was invoiced for the old place (free, or not confirmed yet)
    old_org = line.invoice.organisation
    new_record = CheckoutRecord.objects.filter(enrolment=new).first()
    new_org = new_record.organisation if new_record else old_org
    if new.price == line.unit_price and new.payer == old.payer and (new_org == old_org):
        return None
    with transaction.atomic():
        already = (
            CreditNoteLine.objects.filter(invoice_line=line).aggregate(s=Sum("net_amount"))["s"]
            or ZERO
        )
        if line.net_amount - already > 0:
            issue_credit_note(
                line.invoice,
                {line: line.net_amount - already},
                reason=f"Wijziging inschrijving {old.run.code}",  # product text
                user=user,
            )
        if new.price <= 0:
            return None
        seller = pricing.seller_for(new.run)
        category, rate, exemption = pricing.vat_treatment(
            new.run, seller, pricing.delivery_date(new.run)
        )
        quote = pricing.Quote(new.price, new.price, "change", category, rate, exemption)
        if new.payer == Enrolment.Payer.ORGANISATION and new_org is not None:
            same = new_org == old_org
            old_buyer = line.invoice.buyer_data if same else {}
            buyer = buyer_for_organisation(
                new_org,
                old_buyer.get("cost_centre", ""),
                old_buyer.get("reference") or new.user.get_full_name(),
            )
            organisation = new_org
            po_number = line.invoice.po_number if same else ""
        else:
            buyer, organisation, po_number = buyer_for_person(new.user), None, ""
        return issue_invoice(
            seller,
            buyer,
            [_line_for_enrolment(new, quote, seller)],
            payer_user=new.user,
            organisation=organisation,
            po_number=po_number,
            user=user,
        )
