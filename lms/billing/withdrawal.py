"""A consumer's withdrawal from a distance contract ("Overeenkomst herroepen").

A person who pays their own place may withdraw within 14 days of concluding the contract
(art. 6:230o BW), with a withdrawal function in Mijn leeromgeving (art. 11a Consumer Rights
Directive 2011/83/EU as amended by Directive (EU) 2023/2673, from 19 June 2026). When the run
started within that period at their express request, the part delivered is kept in proportion
to the run's total session time (art. 6:230s lid 3 BW); otherwise everything is credited and
refunded (art. 6:230s lid 4 BW).

:func:`withdrawal_until` is the one rule for when the right ends; every other part (the
portal's button, self-paced access) asks it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.tasks import send_email_on_commit
from lms.enrolment.locks import lock_run
from lms.enrolment.models import CourseRun, Enrolment
from lms.enrolment.services import CANCELLABLE_STATES, end_enrolment

from . import refunds
from .exceptions import BillingError
from .models import CheckoutRecord, CreditNote, CreditNoteLine, InvoiceLine
from .money import ZERO, format_amount, round_cents


def withdrawal_until(enrolment: Enrolment):
    """The UTC moment the withdrawal right of ``enrolment`` ends, or ``None`` when it has none
    (an organisation pays, or the place did not go through checkout)."""
    checkout = CheckoutRecord.objects.filter(enrolment=enrolment).first()
    return checkout.withdrawal_until if checkout else None


def may_withdraw(enrolment: Enrolment, now=None) -> bool:
    """True while ``enrolment`` (a live place, the run not yet over) may be withdrawn from."""
    now = now or timezone.now()
    until = withdrawal_until(enrolment)
    if until is None or now > until or enrolment.state not in CANCELLABLE_STATES:
        return False
    last = enrolment.run.sessions.order_by("-ends_at").first()
    return last is None or last.ends_at > now


def withdrawable_until(enrolments, now=None) -> dict:
    """The ids among ``enrolments`` that may be withdrawn from now, each with the UTC moment
    the right ends (one query, and two per enrolment that still has the right)."""
    now = now or timezone.now()
    candidates = dict(
        CheckoutRecord.objects.filter(
            enrolment__in=[e.pk for e in enrolments], withdrawal_until__gte=now
        ).values_list("enrolment_id", "withdrawal_until")
    )
    return {
        e.pk: candidates[e.pk] for e in enrolments if e.pk in candidates and may_withdraw(e, now)
    }


def withdrawable_ids(enrolments, now=None) -> set[int]:
    """The ids among ``enrolments`` that may be withdrawn from now (see
    :func:`withdrawable_until`)."""
    return set(withdrawable_until(enrolments, now))


def delivered_fraction(run: CourseRun, at) -> Decimal:
    """The part (0–1) of ``run``'s total session time that lies before ``at`` (UTC)."""
    total = elapsed = 0.0
    for session in run.sessions.all():
        length = (session.ends_at - session.starts_at).total_seconds()
        total += length
        elapsed += min(max((at - session.starts_at).total_seconds(), 0.0), length)
    if total <= 0:
        return Decimal("0")
    return (Decimal(str(elapsed)) / Decimal(str(total))).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal did: the credit note (or ``None``), euros kept, refunded online, and
    still to refund by bank."""

    enrolment: Enrolment
    at: object
    credit_note: CreditNote | None
    kept: Decimal
    refunded: Decimal
    to_refund: Decimal


def _credit(line: InvoiceLine, fraction: Decimal, *, user) -> CreditNote | None:
    from . import services

    already = sum((c.net_amount for c in CreditNoteLine.objects.filter(invoice_line=line)), ZERO)
    credit = round_cents(line.net_amount * (1 - fraction)) - already
    if credit <= 0:
        return None
    return services.issue_credit_note(
        line.invoice,
        {line: credit},
        reason=f"Herroeping overeenkomst {line.enrolment.run.code}",  # product text
        user=user,
    )


def withdraw(enrolment: Enrolment, *, user, provider=None, now=None) -> Withdrawal:
    """Withdraw ``user``'s own place: end it, credit what is not kept, refund what was paid
    beyond what is owed (through ``provider`` where it was paid online) and e-mail an
    acknowledgement with the date and time of the withdrawal (Europe/Amsterdam).

    Raises:
        BillingError: not the person's own place, or the withdrawal period is over.
    """
    now = now or timezone.now()
    with transaction.atomic():
        run = lock_run(enrolment.run_id)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.user_id != user.pk:
            raise BillingError(_("You can only withdraw from your own agreement."))
        if not may_withdraw(enrolment, now):
            raise BillingError(_("The withdrawal period of this agreement is over."))
        express = CheckoutRecord.objects.get(enrolment=enrolment).express_start
        fraction = delivered_fraction(run, now) if express else Decimal("0")
        end_enrolment(enrolment, now, user=user, reason="withdrawal", withdrawn=True)
        if not run.has_started(now):
            from lms.enrolment.offers import fill_free_seats

            fill_free_seats(run, now, user=user)
        line = InvoiceLine.objects.filter(enrolment=enrolment).select_related("invoice").last()
        note = _credit(line, fraction, user=user) if line else None
        kept = round_cents(line.net_amount * fraction) if line else ZERO
        record(enrolment, "billing.withdrawal", user=user, kept=str(kept), fraction=str(fraction))
        _acknowledge(enrolment, now, kept)
    refunded = ZERO
    to_refund = refunds.balance(line.invoice).to_refund if line else ZERO
    if to_refund > 0 and provider is not None:
        try:
            refunded = refunds.refund_through_provider(
                line.invoice, to_refund, provider=provider, credit_note=note, user=user
            )
        except BillingError:
            refunded = ZERO  # staff see "to refund" on the invoice and pay it back by bank
        to_refund -= refunded
    return Withdrawal(enrolment, now, note, kept, refunded, to_refund)


def _acknowledge(enrolment: Enrolment, at, kept: Decimal) -> None:
    language = enrolment.user.language or "nl"
    local = timezone.localtime(at)
    send_email_on_commit(
        [enrolment.user.email],
        "billing/email/withdrawal",
        {
            "title": enrolment.run.display_title,
            "code": enrolment.run.code,
            "date": local.strftime("%d-%m-%Y"),
            "time": local.strftime("%H:%M"),
            "kept": format_amount(kept, language) if kept > 0 else "",
        },
        language,
    )
