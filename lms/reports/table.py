"""The :class:`Table` every dashboard figure returns, and the percentage rule they share."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class Table:
    """A titled table: ``columns`` are ``(key, heading)``; ``rows`` are dicts keyed alike.

    ``chart`` names how to draw it ("bar" or "line"), with ``label_key`` and ``value_key``
    choosing the label and the value of each bar; ``unit`` is shown with values ("%", "€").
    ``scale_max`` is the least value the chart's axis reaches (100 for percentages, 10 for
    scores), so a 35 % bar is drawn as about a third, not as the full width. A table without
    ``value_key`` has no chart. ``note`` says, under the title, what the
    figures leave out (e.g. runs below the anonymity threshold).
    """

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)
    chart: str = "bar"
    label_key: str = ""
    value_key: str = ""
    unit: str = ""
    note: str = ""
    scale_max: float = 0


def percentage(part: int, whole: int) -> Decimal | None:
    """``part / whole`` as a percentage with one decimal, rounded half-up; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def average(total, count: int, places: str = "0.1") -> Decimal | None:
    """``total / count`` rounded half-up to ``places``; None when count is 0."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal(places), ROUND_HALF_UP)
