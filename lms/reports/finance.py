"""Revenue and cost recovery per module, from billing's invoices, credit notes and budgets.

Revenue counts invoice lines tied to an enrolment in one of the module's runs (net, without
VAT), issued in the period, minus the credit-note lines on them whose credit note was issued
in the period (its own issue date, as in the VAT return). Invoices for tailored bookings (no
enrolment on the line) are not a module's course fees and are left out. Cost recovery
compares that revenue with the part of the module's development cost the programme does not
pay: ``development cost − programme contribution`` (``ModuleBudget``). The computation is
billing's (``lms.billing.reports.module_recovery``), shared with the admin overview.
"""

from django.utils.translation import gettext_lazy as _

from lms.billing.models import CreditNoteLine, InvoiceLine, ModuleBudget
from lms.billing.reports import RECOVERY_NOTE, module_recovery

from .filters import ReportFilter
from .table import Table


def revenue_and_cost_recovery(f: ReportFilter) -> Table:
    """Per module with revenue or a budget: invoiced, credited and net revenue (euros, two
    places), development cost, programme contribution, the remainder to recover and the share
    of it the net revenue covers (%; empty when nothing is left to recover), computed by
    billing's one :func:`lms.billing.reports.module_recovery`. Three queries."""
    recovery = module_recovery(
        InvoiceLine.objects.filter(
            f.module_q("enrolment__run__module"), f.period_q("invoice__issued_at")
        ),
        CreditNoteLine.objects.filter(
            f.module_q("invoice_line__enrolment__run__module"),
            f.period_q("credit_note__issued_at"),
        ),
        ModuleBudget.objects.filter(f.module_q("module")),
    )
    rows = [
        {
            "module": r.title,
            "invoiced": r.invoiced,
            "credited": r.credited,
            "revenue": r.revenue,
            "development_cost": r.development_cost,
            "programme_contribution": r.programme_contribution,
            "to_recover": r.to_recover,
            "cost_recovery": r.recovery_percentage,
        }
        for r in recovery
    ]
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
        note=RECOVERY_NOTE,
    )
