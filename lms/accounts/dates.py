"""Calendar-day helpers shared by the apps (in accounts, the layer every app may use):
adding years to a date, and the range of dates a filter form accepts."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved ``years`` calendar years (negative: back); 29 February becomes 28 February
    in a year without it. Raises ``OverflowError`` beyond year 1..9999."""
    year = day.year + years
    if not 1 <= year <= 9999:
        raise OverflowError(f"year {year} is out of range")
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=year, day=28)


class FilterDateField(forms.DateField):
    """A date for a filter form: only 2000-01-01 to 2099-12-31 (any other date is a field
    error, so no period arithmetic overflows)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            )
