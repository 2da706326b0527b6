"""Read-only questions about booking requests and engagements, shared by the admin and the
portal."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import BookingRequest, Engagement

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


#: Booking states in which the programme team has nothing left to do.
CLOSED_STATES = (
    BookingRequest.State.INVOICED,
    BookingRequest.State.DECLINED,
    BookingRequest.State.WITHDRAWN,
)


def open_requests(queryset=None):
    """Booking requests still open: not invoiced, declined or withdrawn (``queryset``, or every
    request). Returns a queryset; no query is run here."""
    requests = BookingRequest.objects.all() if queryset is None else queryset
    return requests.exclude(state__in=CLOSED_STATES)


def _page_model(model, field: str):
    # The page model a foreign key names by label ("courses.InstitutionPage"): the domain
    # reads the rows without importing the CMS.
    return model._meta.get_field(field).related_model


def institution_pages():
    """The institution pages a request can be assigned to, by title (a QuerySet)."""
    return _page_model(BookingRequest, "institution").objects.order_by("title")


def pilot_project_pages():
    """The pilot projects an engagement can follow, by title (a QuerySet)."""
    return _page_model(Engagement, "pilot_project").objects.order_by("title")
