"""Tailored formats: booking requests and their conversion, and engagement hours.

Scoped to an institution through the request's assigned institution; a module filter keeps
requests that became a private run of that module. The delivery-format filter (classroom,
online, blended) concerns runs and does not apply here.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.bookings.models import BookingRequest, Engagement, FormatKind

from .filters import ReportFilter
from .table import Table, percentage

S = BookingRequest.State
#: Requests the organisation said yes to (a quote accepted, whatever happened since).
CONVERTED = (S.ACCEPTED, S.SCHEDULED, S.DELIVERED, S.INVOICED)


def _requests_q(f: ReportFilter, prefix: str = "") -> Q:
    q = f.institution_q(f"{prefix}institution")
    if f.module_id:
        q &= Q(**{f"{prefix}run__module_id": f.module_id})
    return q


def booking_requests_per_format(f: ReportFilter) -> Table:
    """Per tailored format: requests received in the period, how many got a sent quote, how
    many were accepted (accepted, scheduled, delivered or invoiced) and the conversion
    (accepted / received, %). One query."""
    rows = (
        BookingRequest.objects.filter(_requests_q(f), f.period_q("created_at"))
        .values("format_kind")
        .annotate(
            requests=Count("pk", distinct=True),
            quoted=Count("pk", filter=Q(quotes__sent_at__isnull=False), distinct=True),
            converted=Count("pk", filter=Q(state__in=CONVERTED), distinct=True),
        )
        .order_by("format_kind")
    )
    labels = dict(FormatKind.choices)
    return Table(
        "booking_requests",
        _("Tailored-training requests per format"),
        [
            ("format", pgettext_lazy("delivery format", "Format")),
            ("requests", _("Requests")),
            ("quoted", _("Quoted")),
            ("converted", _("Accepted")),
            ("conversion", _("Conversion (%)")),
        ],
        [
            {
                "format": str(labels.get(r["format_kind"], r["format_kind"])),
                "requests": r["requests"],
                "quoted": r["quoted"],
                "converted": r["converted"],
                "conversion": percentage(r["converted"], r["requests"]),
            }
            for r in rows
        ],
        label_key="format",
        value_key="conversion",
        unit="%",
        scale_max=100,
    )


def engagement_hours(f: ReportFilter) -> Table:
    """Per engagement whose period overlaps the report's: planned hours, hours logged so far
    (all its sessions) and their share of the plan (%). One query."""
    rows = (
        Engagement.objects.filter(
            _requests_q(f, "booking__"), starts_on__lte=f.end, ends_on__gte=f.start
        )
        .values("pk", "organisation__name", "project_name", "booking__format_kind", "planned_hours")
        .annotate(logged=Sum("sessions__duration_hours"))
        .order_by("organisation__name", "pk")
    )
    labels = dict(FormatKind.choices)
    table_rows = []
    for r in rows:
        project = r["project_name"] or str(labels.get(r["booking__format_kind"], ""))
        logged = r["logged"] or Decimal("0.00")
        table_rows.append(
            {
                "engagement": f"{project} – {r['organisation__name']}",
                "format": str(labels.get(r["booking__format_kind"], "")),
                "planned": r["planned_hours"],
                "logged": logged,
                "used": percentage(logged, r["planned_hours"]),
            }
        )
    return Table(
        "engagement_hours",
        _("Engagement hours: logged against planned"),
        [
            ("engagement", _("Engagement")),
            ("format", pgettext_lazy("delivery format", "Format")),
            ("planned", _("Planned hours")),
            ("logged", _("Logged hours")),
            ("used", _("Used (%)")),
        ],
        table_rows,
        label_key="engagement",
        value_key="used",
        unit="%",
        scale_max=100,
    )
