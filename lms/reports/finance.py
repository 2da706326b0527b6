"""Revenue and cost recovery per module, from billing's invoices, credit notes and budgets.

Revenue counts invoice lines tied to an enrolment in one of the module's runs (net, without
VAT), issued in the period, minus the credit-note lines on them issued in the period. Invoices
for tailored bookings (no enrolment on the line) are not a module's course fees and are left
out. Cost recovery compares that revenue with the part of the module's development cost the
programme does not pay: ``development cost − programme contribution`` (``ModuleBudget``).
"""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from lms.billing.models import CreditNoteLine, InvoiceLine, ModuleBudget

from .filters import ReportFilter
from .table import Table, percentage

ZERO = Decimal("0.00")


def _by_module(rows, prefix: str) -> dict[int, tuple[str, Decimal]]:
    return {r[f"{prefix}_id"]: (r[f"{prefix}__title"], r["net"]) for r in rows}


def revenue_and_cost_recovery(f: ReportFilter) -> Table:
    """Per module with revenue or a budget: invoiced, credited and net revenue (euros, two
    places), development cost, programme contribution, the remainder to recover and the share
    of it the net revenue covers (%; empty when nothing is left to recover). Three queries."""
    line_module = "enrolment__run__module"
    invoiced = _by_module(
        InvoiceLine.objects.filter(f.module_q(line_module), f.period_q("invoice__issued_at"))
        .filter(enrolment__isnull=False)
        .values(f"{line_module}_id", f"{line_module}__title")
        .annotate(net=Sum("net_amount")),
        line_module,
    )
    credit_module = "invoice_line__enrolment__run__module"
    credited = _by_module(
        CreditNoteLine.objects.filter(
            f.module_q(credit_module), f.period_q("credit_note__issued_at")
        )
        .filter(invoice_line__enrolment__isnull=False)
        .values(f"{credit_module}_id", f"{credit_module}__title")
        .annotate(net=Sum("net_amount")),
        credit_module,
    )
    budgets = {
        b["module_id"]: b
        for b in ModuleBudget.objects.filter(f.module_q("module")).values(
            "module_id", "module__title", "development_cost", "programme_contribution"
        )
    }
    rows = []
    for module_id in set(invoiced) | set(credited) | set(budgets):
        budget = budgets.get(module_id, {})
        title = (invoiced.get(module_id) or credited.get(module_id) or (None,))[0]
        title = title or budget["module__title"]
        gross = invoiced.get(module_id, (None, ZERO))[1]
        credit = credited.get(module_id, (None, ZERO))[1]
        cost = budget.get("development_cost", ZERO)
        contribution = budget.get("programme_contribution", ZERO)
        to_recover = max(cost - contribution, ZERO)
        rows.append(
            {
                "module": title,
                "invoiced": gross,
                "credited": credit,
                "revenue": gross - credit,
                "development_cost": cost,
                "programme_contribution": contribution,
                "to_recover": to_recover,
                "cost_recovery": percentage(gross - credit, to_recover),
            }
        )
    return Table(
        "revenue_per_module",
        _("Revenue (net) and cost recovery per module"),
        [
            ("module", _("Module")),
            ("invoiced", _("Invoiced (€, net)")),
            ("credited", _("Credited (€, net)")),
            ("revenue", _("Revenue (€, net)")),
            ("development_cost", _("Development cost (€)")),
            ("programme_contribution", _("Programme contribution (€)")),
            ("to_recover", _("To recover (€)")),
            ("cost_recovery", _("Cost recovery (%)")),
        ],
        sorted(rows, key=lambda r: r["module"]),
        label_key="module",
        value_key="cost_recovery",
        unit="%",
        scale_max=100,
        note=_(
            "Revenue: course-fee invoices issued in the period minus credit notes issued in "
            "the period, without VAT. Cost recovery: revenue against development cost minus "
            "the programme's contribution."
        ),
    )
