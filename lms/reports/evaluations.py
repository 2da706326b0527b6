"""Satisfaction figures from participant evaluations, and their anonymous comments.

Anonymity: an institution's viewer (``ReportFilter.viewer_sees_everything`` False) sees a run's
scores and comments only when at least :data:`ANONYMITY_THRESHOLD` participants answered; runs
with fewer responses are left out of every figure they would see. The programme team and the
steering committee see all runs. Comments never carry names.
"""

from collections import defaultdict

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from lms.enrolment.models import SCORE_FIELDS, CourseRun, Evaluation

from .filters import ReportFilter
from .table import Table, average, percentage

#: Fewest responses a run needs before an institution sees its scores and comments.
ANONYMITY_THRESHOLD = 5
#: Depth of a page path step (treebeard's default); a module's institution is its parent.
PATH_STEP = 4

NOTE = _(
    "Institutions see the scores and comments of a run only when at least five participants "
    "answered; satisfaction is the mean of the four scores (1–10), would-recommend is 0–10."
)
SUMS = (*SCORE_FIELDS, "would_recommend")


def _ended_runs(f: ReportFilter):
    return (
        CourseRun.objects.annotate(last_end=Max("sessions__ends_at"))
        .filter(f.period_q("last_end"))
        .values("pk")
    )


def evaluation_runs(f: ReportFilter) -> list[dict]:
    """Per run ended in the period that invited participants: its module, the module's
    path, ``invited``, ``responses`` and the sum of each score over the responses.

    Runs an institution may not see (fewer than the threshold) are left out for such viewers.
    One query.
    """
    submitted = Q(submitted_at__isnull=False)
    rows = (
        Evaluation.objects.filter(
            f.module_q("enrolment__run__module"), enrolment__run__in=_ended_runs(f)
        )
        .values(
            "enrolment__run_id",
            "enrolment__run__code",
            "enrolment__run__module__title",
            "enrolment__run__module__path",
        )
        .annotate(
            invited=Count("pk"),
            responses=Count("pk", filter=submitted),
            **{name: Sum(name, filter=submitted) for name in SUMS},
        )
        .order_by("enrolment__run__code")
    )
    return [
        row for row in rows if f.viewer_sees_everything or row["responses"] >= ANONYMITY_THRESHOLD
    ]


def _summary(label_key: str, label: str, runs: list[dict]) -> dict:
    """One row from several runs: totals, response rate, averages (one decimal, half-up)."""
    responses = sum(r["responses"] for r in runs)
    invited = sum(r["invited"] for r in runs)
    sums = {name: sum(r[name] or 0 for r in runs) for name in SUMS}
    four = sum(sums[name] for name in SCORE_FIELDS)
    return {
        label_key: label,
        "responses": responses,
        "invited": invited,
        "response_rate": percentage(responses, invited),
        "satisfaction": average(four, responses * len(SCORE_FIELDS)),
        **{name: average(sums[name], responses) for name in SUMS},
    }


def _columns(label_key: str, heading) -> list[tuple[str, str]]:
    return [
        (label_key, heading),
        ("responses", _("Responses")),
        ("invited", _("Invited")),
        ("response_rate", _("Response rate (%)")),
        ("satisfaction", _("Satisfaction")),
        ("content_score", _("Content")),
        ("trainer_score", _("Trainer")),
        ("organisation_score", _("Organisation")),
        ("applicability_score", _("Applicability")),
        ("would_recommend", _("Would recommend")),
    ]


def satisfaction_per_module(f: ReportFilter) -> Table:
    """Per module: responses of its runs ended in the period, response rate and the average
    scores. One query."""
    by_module = defaultdict(list)
    for run in evaluation_runs(f):
        by_module[run["enrolment__run__module__title"]].append(run)
    return Table(
        "satisfaction_per_module",
        _("Satisfaction and would-recommend per module"),
        _columns("module", _("Module")),
        [_summary("module", title, runs) for title, runs in sorted(by_module.items())],
        label_key="module",
        value_key="satisfaction",
        scale_max=10,
        note=NOTE,
    )


def satisfaction_per_institution(f: ReportFilter) -> Table:
    """Per institution (the module's parent page): as :func:`satisfaction_per_module`.
    Two queries."""
    by_path = defaultdict(list)
    for run in evaluation_runs(f):
        by_path[run["enrolment__run__module__path"][:-PATH_STEP]].append(run)
    titles = dict(Page.objects.filter(path__in=list(by_path)).values_list("path", "title"))
    rows = [_summary("institution", titles.get(path, path), runs) for path, runs in by_path.items()]
    return Table(
        "satisfaction_per_institution",
        _("Satisfaction and would-recommend per institution"),
        _columns("institution", _("Institution")),
        sorted(rows, key=lambda r: r["institution"]),
        label_key="institution",
        value_key="satisfaction",
        scale_max=10,
        note=NOTE,
    )


def evaluation_comments(f: ReportFilter) -> Table:
    """The open comments of the runs the viewer may see, without names, ordered by run and
    text (not by time, which could tell who wrote what). Two queries."""
    visible = [r["enrolment__run_id"] for r in evaluation_runs(f)]
    rows = (
        Evaluation.objects.submitted()
        .filter(enrolment__run_id__in=visible)
        .exclude(comments="")
        .values_list("enrolment__run__code", "enrolment__run__module__title", "comments")
        .order_by("enrolment__run__code", "comments")
    )
    return Table(
        "evaluation_comments",
        _("Comments from evaluations"),
        [("run", _("Run")), ("module", _("Module")), ("comment", _("Comment"))],
        [{"run": code, "module": title, "comment": text} for code, title, text in rows],
        note=NOTE,
    )
