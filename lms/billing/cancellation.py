"""What a cancellation costs: the one function the cancel confirmation page, the credit note
and the documentation use.

The free-cancellation moment belongs to the run (``CourseRun.free_cancellation_until()``:
``free_cancellation_days`` before the first session; enrolment, no money). After it the
participant or organisation owes billing's percentage of the net price
(``RunPricing.late_cancellation_percentage``, :data:`DEFAULT_LATE_PERCENTAGE` without a run
pricing row); the rest is credited. It is always free for a batch place that lapsed unclaimed
and within a consumer's withdrawal period (art. 6:230o BW). No-shows are not cancellations:
they owe the full fee.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from .models import CheckoutRecord, CreditNoteLine, InvoiceLine, RunPricing
from .money import HUNDRED, ZERO, credit_totals, round_cents

#: The fee after the free-cancellation moment when a run has no pricing row (the field default).
DEFAULT_LATE_PERCENTAGE = RunPricing._meta.get_field("late_cancellation_percentage").default

FREE_RUN = "free_run"
NOT_INVOICED = "not_invoiced"
LAPSED = "lapsed"
WITHDRAWAL = "withdrawal"
IN_TIME = "in_time"
LATE = "late"


@dataclass(frozen=True)
class CancellationCost:
    """The money of cancelling one place at one moment (euros; ``free_until`` in UTC).

    ``fee_percentage`` of the net price is kept (``kept_net``); ``credited_net`` is credited,
    with VAT ``credited_vat`` as the credit note will compute it (cumulative per rate), so
    ``credited_total`` is exactly what the credit note will say. ``reason`` is one of the
    module's constants.
    """

    reason: str
    fee_percentage: Decimal
    invoiced_net: Decimal
    kept_net: Decimal
    credited_net: Decimal
    credited_vat: Decimal
    free_until: dt.datetime | None

    @property
    def free(self) -> bool:
        return self.kept_net == ZERO

    @property
    def credited_total(self) -> Decimal:
        return self.credited_net + self.credited_vat


def fee_percentage(enrolment, at: dt.datetime) -> tuple[Decimal, str]:
    """``(percentage of the net price owed, reason)`` when ``enrolment`` is cancelled at
    ``at`` (UTC), by the run's free-cancellation moment and billing's fee rule."""
    if enrolment.hold_until is not None and enrolment.hold_until <= at:
        return Decimal("0"), LAPSED
    record = CheckoutRecord.objects.filter(enrolment=enrolment).first()
    if record and record.withdrawal_until and at <= record.withdrawal_until:
        return Decimal("0"), WITHDRAWAL
    free_until = enrolment.run.free_cancellation_until()
    if free_until is None or at <= free_until:
        return Decimal("0"), IN_TIME
    policy = RunPricing.objects.filter(run_id=enrolment.run_id).first()
    percentage = policy.late_cancellation_percentage if policy else DEFAULT_LATE_PERCENTAGE
    return Decimal(percentage), LATE


def cancellation_cost(enrolment, at: dt.datetime | None = None) -> CancellationCost:
    """What cancelling ``enrolment`` at ``at`` (UTC, default now) costs and what is credited.

    Returns a cost with nothing kept or credited for a free run or a place not invoiced (yet).
    """
    at = at or timezone.now()
    free_until = enrolment.run.free_cancellation_until()
    line = InvoiceLine.objects.filter(enrolment=enrolment).select_related("invoice").first()
    if line is None:
        reason = FREE_RUN if enrolment.price <= 0 else NOT_INVOICED
        return CancellationCost(reason, ZERO, ZERO, ZERO, ZERO, ZERO, free_until)
    percentage, reason = fee_percentage(enrolment, at)
    already = (
        CreditNoteLine.objects.filter(invoice_line=line).aggregate(s=Sum("net_amount"))["s"] or ZERO
    )
    credit = min(
        round_cents(line.net_amount * (HUNDRED - percentage) / HUNDRED), line.net_amount - already
    )
    credit = max(credit, ZERO)
    vat = ZERO
    if credit > 0:
        previous = [note.vat_breakdown for note in line.invoice.credit_notes.all()]
        draft = InvoiceLine(
            net_amount=credit,
            vat_category=line.vat_category,
            vat_rate=line.vat_rate,
            exemption_reason=line.exemption_reason,
        )
        _net, vat, _total, _groups = credit_totals([draft], previous)
    return CancellationCost(
        reason, percentage, line.net_amount, line.net_amount - credit, credit, vat, free_until
    )
