"""Read-only finance figures for staff, scoped through ``for_user``; constant query counts."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CreditNoteLine, Invoice, InvoiceLine, ModuleBudget, SellerProfile
from .money import ZERO


@dataclass
class SellerAmounts:
    seller: SellerProfile
    invoiced: Decimal = ZERO
    open: Decimal = ZERO
    overdue: Decimal = ZERO


def open_amounts(user, today) -> list[SellerAmounts]:
    """Per seller the user may see: total invoiced, still open, and of that overdue (euros)."""
    rows: dict[int, SellerAmounts] = {}
    invoices = Invoice.objects.for_user(user).with_paid().select_related("seller")
    for invoice in invoices:
        row = rows.setdefault(invoice.seller_id, SellerAmounts(invoice.seller))
        outstanding = invoice.total - invoice.credited_amount - invoice.paid_amount
        row.invoiced += invoice.total
        if outstanding > 0:
            row.open += outstanding
            if invoice.due_date < today:
                row.overdue += outstanding
    return sorted(rows.values(), key=lambda r: r.seller.legal_name)


#: Said by every view that shows cost recovery (admin overview, dashboards).
RECOVERY_NOTE = _(
    "Revenue: course-fee invoices minus credit notes, without VAT; each document counts on its "
    "own issue date, as in the VAT return, so a credit note counts in the period in which it "
    "was issued. Invoices for tailored bookings are not a module's course fees. Cost recovery: "
    "revenue against development cost minus the programme's contribution."
)


@dataclass
class ModuleRecovery:
    """One module's course-fee revenue and cost recovery (euros, net of VAT)."""

    module_id: int
    title: str
    invoiced: Decimal
    credited: Decimal
    development_cost: Decimal
    programme_contribution: Decimal

    @property
    def revenue(self) -> Decimal:
        return self.invoiced - self.credited

    @property
    def to_recover(self) -> Decimal:
        """The development cost the programme does not pay (never below zero)."""
        return max(self.development_cost - self.programme_contribution, ZERO)

    @property
    def recovery_percentage(self) -> Decimal | None:
        """Revenue as a percentage of :attr:`to_recover` (one decimal), ``None`` when nothing
        is left to recover."""
        return percentage(self.revenue, self.to_recover)

    @property
    def balance(self) -> Decimal:
        return self.revenue + self.programme_contribution - self.development_cost

    @property
    def pays_for_itself(self) -> bool:
        """Fee revenue (net) plus the programme's contribution cover the development cost."""
        return self.balance >= 0


def percentage(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, half-up to one decimal; ``None`` when whole ≤ 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _sum_by_module(rows, prefix: str, into: dict, titles: dict) -> None:
    for row in rows:
        module_id = row[f"{prefix}_id"]
        into[module_id] = into.get(module_id, ZERO) + (row["net"] or ZERO)
        titles[module_id] = row[f"{prefix}__title"]


def module_recovery(invoice_lines, credit_lines, budgets) -> list[ModuleRecovery]:
    """The one computation of cost recovery per module, sorted by title.

    Args:
        invoice_lines: InvoiceLine queryset, already scoped/filtered by the caller (e.g. issued
            in a period); lines without an enrolment (tailored bookings) are left out here.
        credit_lines: CreditNoteLine queryset, filtered likewise on the credit note's own
            issue date; lines crediting a booking invoice are left out here.
        budgets: ModuleBudget queryset; a module with a budget and no revenue still has a row.

    Three queries.
    """
    line_module = "enrolment__run__module"
    credit_module = "invoice_line__enrolment__run__module"
    invoiced, credited, titles = {}, {}, {}
    _sum_by_module(
        invoice_lines.filter(enrolment__isnull=False)
        .values(f"{line_module}_id", f"{line_module}__title")
        .annotate(net=Sum("net_amount")),
        line_module,
        invoiced,
        titles,
    )
    _sum_by_module(
        credit_lines.filter(invoice_line__enrolment__isnull=False)
        .values(f"{credit_module}_id", f"{credit_module}__title")
        .annotate(net=Sum("net_amount")),
        credit_module,
        credited,
        titles,
    )
    plans = {
        b["module_id"]: b
        for b in budgets.values(
            "module_id", "module__title", "development_cost", "programme_contribution"
        )
    }
    result = []
    for module_id in set(invoiced) | set(credited) | set(plans):
        plan = plans.get(module_id, {})
        result.append(
            ModuleRecovery(
                module_id=module_id,
                title=titles.get(module_id) or plan.get("module__title", ""),
                invoiced=invoiced.get(module_id, ZERO),
                credited=credited.get(module_id, ZERO),
                development_cost=plan.get("development_cost", ZERO),
                programme_contribution=plan.get("programme_contribution", ZERO),
            )
        )
    return sorted(result, key=lambda r: r.title)


def _period(field: str, start: dt.date | None, end: dt.date | None) -> Q:
    zone = timezone.get_default_timezone()
    q = Q()
    if start:
        q &= Q(**{f"{field}__gte": dt.datetime.combine(start, dt.time.min, tzinfo=zone)})
    if end:
        after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        q &= Q(**{f"{field}__lt": after})
    return q


def cost_recovery(user, start: dt.date | None = None, end: dt.date | None = None):
    """Per module the user may see: course-fee revenue and cost recovery (see
    :func:`module_recovery`), for documents issued from ``start`` to ``end`` (Amsterdam days,
    inclusive; all when not given). Budgets of modules without revenue only for the team."""
    visible = Invoice.objects.for_user(user)
    lines = InvoiceLine.objects.filter(invoice__in=visible).filter(
        _period("invoice__issued_at", start, end)
    )
    credits = CreditNoteLine.objects.filter(credit_note__invoice__in=visible).filter(
        _period("credit_note__issued_at", start, end)
    )
    budgets = ModuleBudget.objects.all()
    rows = module_recovery(lines, credits, budgets)
    if not user.is_programme_team:
        rows = [r for r in rows if r.invoiced or r.credited]
    return rows
