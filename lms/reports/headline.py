"""The headline figures on top of the dashboard and the annual report, derived from the tables
themselves (so they can never disagree with the tables below them)."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .numbers import format_number
from .table import percentage


@dataclass(frozen=True)
class Headline:
    """One headline figure: ``label`` and ``value`` already written out (e.g. "1.234", "35,5 %")."""

    label: str
    value: str


def _column_sum(tables: dict, key: str, column: str):
    table = tables.get(key)
    if table is None:
        return None
    return sum((row[column] or 0) for row in table.rows)


def _share(tables: dict, key: str, part: str, whole: str) -> str:
    value = percentage(_column_sum(tables, key, part) or 0, _column_sum(tables, key, whole) or 0)
    return "–" if value is None else f"{format_number(value)}%"


def headline_figures(tables) -> list[Headline]:
    """The headline figures for ``tables`` (see ``figures.all_tables``): places taken, runs,
    overall fill rate, completion rate and net revenue in the period. A table that is absent
    (not in ``tables``) leaves its figure out."""
    by_key = {table.key: table for table in tables}
    figures = []
    if "enrolments_per_month" in by_key:
        total = _column_sum(by_key, "enrolments_per_month", "enrolments")
        figures.append(Headline(str(_("Enrolments")), format_number(total)))
    if "fill_rate" in by_key:
        runs = len(by_key["fill_rate"].rows)
        figures.append(Headline(str(_("Runs")), format_number(runs)))
        figures.append(
            Headline(str(_("Fill rate")), _share(by_key, "fill_rate", "taken", "capacity"))
        )
    if "completion_rate" in by_key:
        share = _share(by_key, "completion_rate", "completed", "judged")
        figures.append(Headline(str(_("Completion rate")), share))
    if "revenue_per_module" in by_key:
        revenue = _column_sum(by_key, "revenue_per_module", "revenue") or Decimal(0)
        value = format_number(Decimal(revenue).quantize(Decimal("0.01")), 2)
        figures.append(Headline(str(_("Revenue (net)")), f"€ {value}"))
    return figures
