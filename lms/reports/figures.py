"""Every figure of the dashboards, computed from the records (nothing stored that can drift),
each with a constant number of queries whatever the amount of data.

Each function takes a :class:`~lms.reports.filters.ReportFilter` and returns a
:class:`Table`: column definitions and plain rows, ready for a chart, an HTML table, CSV/XLSX
and the annual PDF.
"""

from collections import Counter, defaultdict

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Organisation, OrganisationDomain, OrganisationMembership
from lms.enrolment.models import CourseRun, Enrolment
from lms.enrolment.seats import with_seats_taken

from . import evaluations, finance, tailored
from .filters import ReportFilter
from .table import Table, percentage

#: Enrolments that hold or held a place (not cancelled, not only on a waiting list).
PLACE_STATES = ("pending", "confirmed", "completed", "not_passed", "no_show")
#: Participants whose run is over and who were judged: completed, not passed or absent.
JUDGED_STATES = ("completed", "not_passed", "no_show")


def enrolments_per_month(f: ReportFilter) -> Table:
    """Places taken per calendar month (Europe/Amsterdam) of the enrolment date."""
    rows = (
        Enrolment.objects.filter(f.module_q("run__module"), f.period_q("created_at"))
        .filter(state__in=PLACE_STATES)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return Table(
        "enrolments_per_month",
        _("Enrolments per month"),
        [("month", _("Month")), ("enrolments", _("Enrolments"))],
        [{"month": r["month"].strftime("%Y-%m"), "enrolments": r["n"]} for r in rows],
        chart="line",
        label_key="month",
        value_key="enrolments",
    )


def fill_rate_per_run(f: ReportFilter) -> Table:
    """Seats taken (by the one seat rule, now) against capacity, for runs created in the period
    or with a session in it."""
    runs = (
        with_seats_taken(CourseRun.objects.filter(f.module_q("module")))
        .filter(Q(f.period_q("sessions__starts_at")) | Q(f.period_q("created_at")))
        .exclude(status=CourseRun.Status.DRAFT)
        .select_related("module")
        .order_by("code")
        .distinct()
    )
    rows = [
        {
            "run": run.code,
            "module": run.module.title,
            "capacity": run.capacity,
            "taken": run.seats_taken,
            "fill_rate": percentage(run.seats_taken, run.capacity),
        }
        for run in runs
    ]
    return Table(
        "fill_rate",
        _("Fill rate per run"),
        [
            ("run", _("Run")),
            ("module", _("Module")),
            ("capacity", _("Seats")),
            ("taken", _("Taken")),
            ("fill_rate", _("Fill rate (%)")),
        ],
        rows,
        label_key="run",
        value_key="fill_rate",
        unit="%",
        scale_max=100,
    )


def completion_rate_per_module(f: ReportFilter) -> Table:
    """Per module: judged participants (completed, not passed, no-show) of runs whose last
    session ended in the period, and the share of them that completed."""
    ended = (
        CourseRun.objects.annotate(last_end=Max("sessions__ends_at"))
        .filter(f.period_q("last_end"))
        .values("pk")
    )
    rows = (
        Enrolment.objects.filter(f.module_q("run__module"), run__in=ended)
        .filter(state__in=JUDGED_STATES)
        .values("run__module_id", "run__module__title")
        .annotate(judged=Count("pk"), completed=Count("pk", filter=Q(state="completed")))
        .order_by("run__module__title")
    )
    return Table(
        "completion_rate",
        _("Completion rate per module"),
        [
            ("module", _("Module")),
            ("judged", _("Participants")),
            ("completed", _("Completed")),
            ("completion_rate", _("Completion rate (%)")),
        ],
        [
            {
                "module": r["run__module__title"],
                "judged": r["judged"],
                "completed": r["completed"],
                "completion_rate": percentage(r["completed"], r["judged"]),
            }
            for r in rows
        ],
        label_key="module",
        value_key="completion_rate",
        unit="%",
        scale_max=100,
    )


def _participants_per_organisation(f: ReportFilter) -> tuple[Counter, dict[int, Organisation]]:
    """How many distinct people held a place in a run in the period, per organisation id
    (``None``: no organisation known), and those organisations. A person's organisation is an
    approved membership first, else the domain of their address (the design's membership rule).

    Counted in the database in one query (plus one for the few organisations found), so the
    cost does not grow with the number of participants."""
    from django.contrib.auth import get_user_model
    from django.db.models import IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce, Lower, StrIndex, Substr

    holders = Enrolment.objects.filter(
        f.module_q("run__module"), f.period_q("created_at"), state__in=PLACE_STATES
    ).values("user_id")
    membership = (
        OrganisationMembership.objects.approved()
        .filter(user_id=OuterRef("pk"))
        .order_by("pk")
        .values("organisation_id")[:1]
    )
    by_domain = OrganisationDomain.objects.filter(domain=OuterRef("domain")).values(
        "organisation_id"
    )[:1]
    rows = (
        get_user_model()
        .objects.filter(pk__in=holders)
        .annotate(domain=Lower(Substr("email", StrIndex("email", Value("@")) + 1)))
        .annotate(
            organisation=Coalesce(
                Subquery(membership), Subquery(by_domain), output_field=IntegerField()
            )
        )
        .values("organisation")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = Counter({r["organisation"]: r["n"] for r in rows})
    organisations = Organisation.objects.in_bulk([pk for pk in counts if pk is not None])
    return counts, organisations


def participants_by_organisation_kind(f: ReportFilter) -> Table:
    """Distinct participants by the kind of their organisation ("unknown" when none)."""
    counts, organisations = _participants_per_organisation(f)
    unknown = str(_("Unknown"))
    per_kind = Counter()
    for pk, n in counts.items():
        org = organisations.get(pk)
        per_kind[org.get_kind_display() if org else unknown] += n
    return Table(
        "participants_by_kind",
        _("Participants by organisation kind"),
        [("kind", _("Organisation kind")), ("participants", _("Participants"))],
        [{"kind": k, "participants": n} for k, n in sorted(per_kind.items())],
        label_key="kind",
        value_key="participants",
    )


def participants_by_province(f: ReportFilter) -> Table:
    """Distinct participants by the province of their organisation ("unknown" when none)."""
    counts, organisations = _participants_per_organisation(f)
    unknown = str(_("Unknown"))
    per_province = defaultdict(int)
    for pk, n in counts.items():
        org = organisations.get(pk)
        per_province[(org.province if org else "") or unknown] += n
    return Table(
        "participants_by_province",
        _("Participants by province"),
        [("province", _("Province")), ("participants", _("Participants"))],
        [{"province": k, "participants": n} for k, n in sorted(per_province.items())],
        label_key="province",
        value_key="participants",
    )


#: Every dashboard table, in the order shown.
TABLES = [
    enrolments_per_month,
    fill_rate_per_run,
    completion_rate_per_module,
    participants_by_organisation_kind,
    participants_by_province,
    evaluations.satisfaction_per_module,
    evaluations.satisfaction_per_institution,
    evaluations.evaluation_comments,
    finance.revenue_and_cost_recovery,
    tailored.booking_requests_per_format,
    tailored.engagement_hours,
]


def all_tables(f: ReportFilter) -> list[Table]:
    """Every dashboard table for ``f``, in the order shown."""
    return [build(f) for build in TABLES]
