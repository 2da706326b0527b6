"""How the dashboards, the annual PDF and the charts write a number: the active language's
format (Dutch by default: decimal comma, a full stop between thousands)."""

from decimal import Decimal

from django.utils.formats import number_format


def format_number(value, places: int | None = None) -> str:
    """``value`` (int, Decimal, float or None) as text in the active language's number format,
    with thousands grouped; ``places`` fixes the decimals (None keeps the value's own).
    None becomes "–". Other values are returned as ``str(value)``."""
    if value is None:
        return "–"
    if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
        return str(value)
    return number_format(value, places, use_l10n=True, force_grouping=True)


def is_count(values) -> bool:
    """True when every value that is not None is a whole number of things (an ``int``)."""
    present = [v for v in values if v is not None]
    return bool(present) and all(isinstance(v, int) and not isinstance(v, bool) for v in present)
