"""Read-only questions about engagements, shared by the admin and the portal."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

#: Warn when this share of the planned hours is used (80 %), and again at 100 %.
WARN_SHARE = Decimal("0.80")


@dataclass(frozen=True)
class HoursUsage:
    """Hours used against planned (Decimal hours) and the warning level ``"", "80", "100"``."""

    used: Decimal
    planned: Decimal

    @property
    def percentage(self) -> int:
        return int(self.used * 100 / self.planned) if self.planned else 0

    @property
    def warning(self) -> str:
        if self.used >= self.planned:
            return "100"
        if self.used >= self.planned * WARN_SHARE:
            return "80"
        return ""


def hours_usage(engagement, used=None) -> HoursUsage:
    """Usage of ``engagement``; pass ``used`` when annotated to avoid a query."""
    if used is None:
        used = engagement.sessions.aggregate(total=Sum("duration_hours"))["total"]
    return HoursUsage(used=used or Decimal("0.00"), planned=engagement.planned_hours)


def with_hours_used(queryset):
    """Annotate ``hours_used`` on an engagement queryset (no row locks with this)."""
    return queryset.annotate(hours_used=Sum("sessions__duration_hours"))
