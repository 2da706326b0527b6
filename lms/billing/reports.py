"""Read-only finance figures for staff, scoped through ``for_user``; constant query counts."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

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


@dataclass
class ModuleRecovery:
    module_id: int
    title: str
    revenue: Decimal
    development_cost: Decimal
    programme_contribution: Decimal

    @property
    def balance(self) -> Decimal:
        return self.revenue + self.programme_contribution - self.development_cost

    @property
    def pays_for_itself(self) -> bool:
        """Fee revenue (net) plus the programme's contribution cover the development cost."""
        return self.balance >= 0


def cost_recovery(user) -> list[ModuleRecovery]:
    """Per module: net fee revenue (invoiced less credited), development cost, contribution."""
    visible = Invoice.objects.for_user(user)
    revenue = defaultdict(lambda: ZERO)
    titles = {}
    invoiced = (
        InvoiceLine.objects.filter(invoice__in=visible, enrolment__isnull=False)
        .values("enrolment__run__module_id", "enrolment__run__module__title")
        .annotate(s=Sum("net_amount"))
    )
    for row in invoiced:
        revenue[row["enrolment__run__module_id"]] += row["s"]
        titles[row["enrolment__run__module_id"]] = row["enrolment__run__module__title"]
    credited = (
        CreditNoteLine.objects.filter(credit_note__invoice__in=visible)
        .values("invoice_line__enrolment__run__module_id")
        .annotate(s=Sum("net_amount"))
    )
    for row in credited:
        revenue[row["invoice_line__enrolment__run__module_id"]] -= row["s"]
    budgets = {b.module_id: b for b in ModuleBudget.objects.select_related("module")}
    if not user.is_programme_team:
        budgets = {k: v for k, v in budgets.items() if k in revenue}
    result = []
    for module_id in set(revenue) | set(budgets):
        budget = budgets.get(module_id)
        result.append(
            ModuleRecovery(
                module_id=module_id,
                title=titles.get(module_id) or (budget.module.title if budget else ""),
                revenue=revenue.get(module_id, ZERO),
                development_cost=budget.development_cost if budget else ZERO,
                programme_contribution=budget.programme_contribution if budget else ZERO,
            )
        )
    return sorted(result, key=lambda r: r.title)
