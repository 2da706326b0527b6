"""Billing transitions: checkout, issuing invoices and credit notes, recording payments.

Each service is one ``transaction.atomic()`` block that locks the rows it decides on, checks,
writes and records an action-log entry. Errors are :class:`BillingError` with a translated
message; when one is raised nothing has changed.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment import services as enrolment_services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment

from . import business, numbering, pricing
from .cancellation import cancellation_cost
from .exceptions import BillingError
from .models import (
    BillingProfile,
    CheckoutRecord,
    CreditNote,
    CreditNoteLine,
    Invoice,
    InvoiceLine,
    OnlinePayment,
    Payment,
)
from .money import (
    ZERO,
    credit_totals,
    document_totals,
    exceeds_invoice,
    round_cents,
    structured_reference,
)

#: Distance-contract withdrawal period for consumers (art. 6:230o BW).
WITHDRAWAL_DAYS = 14


@dataclass(frozen=True)
class Buyer:
    """Who an invoice is addressed to, as copied onto it."""

    name: str
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"
    email: str = ""
    vat_id: str = ""
    kvk_number: str = ""
    oin: str = ""
    cost_centre: str = ""
    #: The buyer's reference for routing the invoice (UBL BuyerReference when there is no PO
    #: number): the reference the contact gave, else the name of the person who ordered.
    reference: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def buyer_for_person(user, details: dict | None = None) -> Buyer:
    """A person paying themselves: a consumer with their name, e-mail and address if given,
    or their business (``details`` from :func:`business.clean_buyer_details`)."""
    return Buyer(**business.buyer_fields(user, details))


def buyer_for_organisation(organisation, cost_centre: str = "", reference: str = "") -> Buyer:
    """An organisation payer, from its billing profile; ``cost_centre`` (else the profile's)
    and ``reference`` (the contact's reference or name) are copied onto the invoice.

    Raises:
        BillingError: the organisation has no billing profile.
    """
    profile = BillingProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        raise BillingError(
            _("%(organisation)s has no billing address yet; ask the programme team.")
            % {"organisation": organisation.name}
        )
    return Buyer(
        name=organisation.name,
        street=profile.street,
        postcode=profile.postcode,
        city=profile.city,
        country=profile.country,
        email=profile.invoice_email,
        vat_id=profile.vat_id,
        kvk_number=organisation.kvk_number,
        oin=organisation.oin,
        cost_centre=cost_centre or profile.cost_centre,
        reference=reference,
    )


def _seller_data(seller) -> dict:
    return {
        "legal_name": seller.legal_name,
        "street": seller.street,
        "postcode": seller.postcode,
        "city": seller.city,
        "country": seller.country,
        "kvk_number": seller.kvk_number,
        "vat_id": seller.vat_id,
        "iban": seller.iban,
        "bic": seller.bic,
        "email": seller.email,
        "payment_term_days": seller.payment_term_days,
        # Example sellers (demo data): every document says it is no valid invoice.
        **({"example": True} if seller.is_example else {}),
    }


def _amsterdam_year(moment) -> int:
    return timezone.localtime(moment).year


def issue_invoice(
    seller,
    buyer: Buyer,
    lines: list[dict],
    *,
    payer_user=None,
    organisation=None,
    po_number: str = "",
    user=None,
    corrects=None,
) -> Invoice:
    """Issue one invoice with the next gap-free number of ``seller``'s year.

    Args:
        seller: the SellerProfile (complete).
        buyer: the buyer data copied onto the invoice.
        lines: dicts with ``description``, ``quantity``, ``unit_price`` (net euros),
            ``vat_category``, ``vat_rate`` (%), ``exemption_reason``, ``delivery_date`` and
            optionally ``enrolment`` and ``unit_code`` (UN/ECE Rec. 20; default C62).
        payer_user / organisation: who pays (for scoping and e-mail).
        po_number: the buyer's purchase-order number.
        user: the actor, for the log.
        corrects: the credited invoice this one replaces (``lms.billing.corrections``).

    Returns:
        The issued invoice; the PDF is e-mailed to the payer after commit.
    """
    if not lines:
        raise BillingError(_("An invoice needs at least one line."))
    with transaction.atomic():
        now = timezone.now()
        year = _amsterdam_year(now)
        number = numbering.next_number(seller, year, numbering.INVOICE)
        built = []
        for line in lines:
            quantity = Decimal(line["quantity"])
            built.append(
                InvoiceLine(
                    description=line["description"],
                    quantity=quantity,
                    unit_price=line["unit_price"],
                    net_amount=round_cents(quantity * line["unit_price"]),
                    vat_category=line["vat_category"],
                    vat_rate=line["vat_rate"],
                    exemption_reason=line.get("exemption_reason", ""),
                    delivery_date=line["delivery_date"],
                    enrolment=line.get("enrolment"),
                    unit_code=line.get("unit_code", "C62"),
                )
            )
        net, vat, total, breakdown = document_totals(built)
        issue_date = timezone.localdate(now)
        invoice = Invoice.objects.create(
            number=numbering.format_number(seller.invoice_prefix, year, number),
            seller=seller,
            issued_at=now,
            issue_date=issue_date,
            delivery_date=min(line.delivery_date for line in built),
            due_date=issue_date + dt.timedelta(days=seller.payment_term_days),
            seller_data=_seller_data(seller),
            buyer_data=buyer.as_dict(),
            payer_user=payer_user,
            organisation=organisation,
            po_number=po_number,
            payment_reference=structured_reference(
                seller.pk * 10**11 + (year % 100) * 10**9 + number
            ),
            net_total=net,
            vat_total=vat,
            total=total,
            vat_breakdown=[g.as_dict() for g in breakdown],
            corrects=corrects,
        )
        for line in built:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(built)
        record(invoice, "billing.invoice_issue", user=user, to_state="issued", total=str(total))
        from .tasks import email_document_on_commit

        email_document_on_commit("invoice", invoice.pk)
    return invoice


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
    with transaction.atomic():
        run = CourseRun.objects.select_for_update().get(pk=run.pk)
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
        pricing.seller_for(run)  # refuses before enrolling when the seller is incomplete
        if payer == Enrolment.Payer.ORGANISATION:
            buyer_for_organisation(organisation, cost_centre)  # refuses without billing data
            pricing.check_po_number(organisation, po_number)
        else:
            organisation = None
        enrolment = enrolment_services.enrol(user, run, price=quote.net, payer=payer)
        withdrawal_until = None
        if payer == Enrolment.Payer.PARTICIPANT:
            withdrawal_until = now + dt.timedelta(days=WITHDRAWAL_DAYS)
        CheckoutRecord.objects.create(
            enrolment=enrolment,
            terms_version=pricing.terms_version(),
            accepted_at=now,
            organisation=organisation,
            po_number=po_number.strip(),
            cost_centre=cost_centre.strip(),
            discount_code=quote.discount,
            list_price=quote.list_price,
            price_reason=quote.reason,
            withdrawal_until=withdrawal_until,
            express_start=bool(express_start and withdrawal_until),
            buyer_data=details,
        )
        record(
            enrolment,
            "billing.checkout",
            user=user,
            to_state=enrolment.state,
            price=str(quote.net),
            reason=quote.reason,
            terms=pricing.terms_version(),
        )
        # A waitlisted or pending place is invoiced when it is confirmed (see receivers).
        if enrolment.state == Enrolment.State.CONFIRMED:
            invoice_checked_out_enrolment(enrolment, user=user)
    return enrolment


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


def credited_so_far(invoice) -> Decimal:
    return invoice.credit_notes.aggregate(s=Sum("total"))["s"] or ZERO


def issue_credit_note(invoice: Invoice, amounts: dict, *, reason: str, user=None) -> CreditNote:
    """Credit parts of ``invoice``'s lines: ``amounts`` maps InvoiceLine → net euros to credit.

    VAT is cumulative per rate (see :func:`lms.billing.money.credit_totals`), so the last place
    of a batch can be credited and a full credit balances the invoice to 0.00 exactly.

    Raises:
        BillingError: nothing to credit, a line credited beyond its net amount, or the credit
            notes together would exceed the invoice.
    """
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        lines = []
        for line, amount in amounts.items():
            amount = round_cents(amount)
            if amount <= 0:
                continue
            already = (
                CreditNoteLine.objects.filter(invoice_line=line).aggregate(s=Sum("net_amount"))["s"]
                or ZERO
            )
            if amount + already > line.net_amount:
                raise BillingError(_("A credit cannot exceed what was invoiced."))
            lines.append(
                CreditNoteLine(
                    invoice_line=line,
                    description=line.description,
                    quantity=Decimal("1"),
                    unit_price=amount,
                    net_amount=amount,
                    vat_category=line.vat_category,
                    vat_rate=line.vat_rate,
                    exemption_reason=line.exemption_reason,
                    delivery_date=line.delivery_date,
                )
            )
        if not lines:
            raise BillingError(_("There is nothing to credit."))
        previous = [note.vat_breakdown for note in invoice.credit_notes.all()]
        net, vat, total, breakdown = credit_totals(lines, previous)
        new = [g.as_dict() for g in breakdown]
        if exceeds_invoice(invoice.vat_breakdown, [*previous, new]):
            raise BillingError(_("A credit cannot exceed what was invoiced."))
        now = timezone.now()
        year = _amsterdam_year(now)
        seller = invoice.seller
        number = numbering.next_number(seller, year, numbering.CREDIT_NOTE)
        note = CreditNote.objects.create(
            number=numbering.format_number(seller.credit_note_prefix, year, number),
            invoice=invoice,
            issued_at=now,
            issue_date=timezone.localdate(now),
            reason=reason,
            net_total=net,
            vat_total=vat,
            total=total,
            vat_breakdown=new,
        )
        for line in lines:
            line.credit_note = note
        CreditNoteLine.objects.bulk_create(lines)
        record(
            note,
            "billing.credit_issue",
            user=user,
            to_state="issued",
            invoice=invoice.number,
            total=str(total),
            reason=reason,
        )
        from .tasks import email_document_on_commit

        email_document_on_commit("credit_note", note.pk)
    return note


def credit_cancelled_enrolment(enrolment, *, user=None) -> CreditNote | None:
    """Credit the part of a cancelled enrolment's fee that is not owed, as
    :func:`lms.billing.cancellation.cancellation_cost` computes it at the cancellation moment
    (the latest invoice line of the place: a corrected invoice replaces the credited one).
    """
    line = InvoiceLine.objects.filter(enrolment=enrolment).select_related("invoice").last()
    if line is None:
        return None
    cost = cancellation_cost(enrolment, enrolment.cancelled_at or timezone.now())
    if cost.credited_net <= 0:
        return None
    return issue_credit_note(
        line.invoice,
        {line: cost.credited_net},
        reason=f"Annulering inschrijving {enrolment.run.code}",  # product text, as on the PDF
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


def register_bank_payment(
    reference: str, amount: Decimal, *, received_on: dt.date, user
) -> Payment:
    """Record a bank transfer for the invoice with the structured ``reference``.

    Partial payments are fine; the payment state is derived.

    Raises:
        BillingError: unknown reference, or an amount that is not positive.
    """
    reference = (reference or "").replace(" ", "").replace(".", "")
    amount = Decimal(amount)
    if amount <= 0:
        raise BillingError(_("A payment must be a positive amount."))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().filter(payment_reference=reference).first()
        if invoice is None:
            raise BillingError(_("No invoice has this payment reference."))
        payment = Payment.objects.create(
            invoice=invoice,
            amount=round_cents(amount),
            method=Payment.Method.BANK,
            received_on=received_on,
            recorded_by=user,
        )
        record(invoice, "billing.payment", user=user, amount=str(payment.amount), method="bank")
    return payment


def start_online_payment(
    invoice: Invoice, *, provider, redirect_url: str, webhook_url: str
) -> OnlinePayment:
    """Create a payment for the invoice's outstanding amount at ``provider``.

    Raises:
        BillingError: nothing is outstanding.
    """
    outstanding = invoice.outstanding()
    if outstanding <= 0:
        raise BillingError(_("This invoice has nothing left to pay."))
    created = provider.create_payment(
        amount=outstanding,
        description=invoice.number,
        redirect_url=redirect_url,
        webhook_url=webhook_url,
        metadata={"invoice": invoice.number},
    )
    with transaction.atomic():
        online = OnlinePayment.objects.create(
            invoice=invoice,
            provider=provider.name,
            provider_id=created.id,
            amount=outstanding,
            status=created.status,
            checkout_url=created.checkout_url,
        )
        record(invoice, "billing.online_start", to_state=created.status, id=created.id)
    return online


def sync_online_payment(provider_id: str, *, provider) -> OnlinePayment:
    """Bring an online payment up to date with the provider (webhook or return redirect).

    The payment row is locked; a paid status is booked as a Payment exactly once, however often
    the webhook arrives and whether or not it races the return redirect. Refunds reported by the
    provider are booked as outgoing payments (``lms.billing.refunds``); one that no credit note
    covers makes the invoice an open item for staff.

    Raises:
        BillingError: unknown payment id.
    """
    state = provider.get_payment(provider_id)
    with transaction.atomic():
        online = (
            OnlinePayment.objects.select_for_update()
            .filter(provider=provider.name, provider_id=provider_id)
            .first()
        )
        if online is None:
            raise BillingError(_("Unknown payment."))
        previous = online.status
        if state.status == OnlinePayment.Status.PAID and online.confirmed_at is None:
            online.confirmed_at = timezone.now()
            Payment.objects.create(
                invoice_id=online.invoice_id,
                amount=state.amount,
                method=Payment.Method.ONLINE,
                received_on=timezone.localdate(),
                external_id=provider_id,
            )
        online.status = state.status
        from .refunds import record_provider_refund

        record_provider_refund(online, state.amount_refunded)
        online.save()
        if previous != online.status:
            record(
                online.invoice,
                "billing.online_status",
                from_state=previous,
                to_state=online.status,
                id=provider_id,
            )
    return online


def refund_online_payment(online: OnlinePayment, amount: Decimal, *, provider, user) -> None:
    """Ask the provider to refund ``amount`` of a paid online payment; booked by the sync.

    Raises:
        BillingError: the payment is not paid, or the amount exceeds what remains.
    """
    online = OnlinePayment.objects.get(pk=online.pk)  # the latest refunded amount
    if online.status != OnlinePayment.Status.PAID:
        raise BillingError(_("Only a paid payment can be refunded."))
    if amount <= 0 or amount > online.amount - online.refunded_amount:
        raise BillingError(_("The refund exceeds what was paid."))
    provider.create_refund(online.provider_id, amount)
    record(online.invoice, "billing.refund_request", user=user, amount=str(amount))
    sync_online_payment(online.provider_id, provider=provider)


__all__ = [
    "Buyer",
    "EnrolmentError",
    "checkout",
    "credit_cancelled_enrolment",
    "invoice_batch",
    "issue_credit_note",
    "issue_invoice",
    "register_bank_payment",
    "start_online_payment",
    "sync_online_payment",
]
