"""Read-only questions about runs that the admin (and the reports) ask, the public run behind
the enrol and checkout pages, and the pages runs belong to, for the layers above enrolment.

A run names its module by a model label (``"courses.CourseModulePage"``); these read the rows
through that foreign key, so no domain module imports the CMS or looks a page model up by name.
"""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lms.accounts.institutions import under_paths

from .models import CourseRun


def public_run(pk: int) -> CourseRun:
    """The public run ``pk`` (dates annotated, module joined): enrol, checkout, notify-me pages.

    Raises:
        Http404: no public run ``pk``, a draft, or its module is not live.
    """
    run = get_object_or_404(
        CourseRun.objects.with_dates().select_related("module"),
        pk=pk,
        is_private=False,
    )
    if run.status == CourseRun.Status.DRAFT or not run.module.live:
        raise Http404
    return run


def this_week(today=None) -> tuple[dt.datetime, dt.datetime]:
    """The current Europe/Amsterdam week: (Monday 00:00, next Monday 00:00) as aware local
    datetimes. ``today`` is a local date (default: today in Amsterdam)."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    zone = timezone.get_default_timezone()
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min, tzinfo=zone)
    return start, end


def starting_this_week(runs=None, today=None):
    """The runs (``runs``, a CourseRun queryset, or all) whose first session starts in the
    Amsterdam week of ``today``, cancelled runs left out. Returns a queryset annotated by
    ``with_dates``; no query is run here."""
    runs = CourseRun.objects.all() if runs is None else runs
    start, end = this_week(today)
    if "first_start" not in runs.query.annotations:
        runs = runs.with_dates()
    runs = runs.exclude(status=CourseRun.Status.CANCELLED)
    return runs.filter(first_start__gte=start, first_start__lt=end)


def module_pages(*, live: bool = False, paths=None):
    """Course module pages by title (a QuerySet).

    Args:
        live: only published pages.
        paths: tree paths of institutions; only modules at or below one of them. ``None``
            means all; an empty sequence means none.
    """
    modules = CourseRun._meta.get_field("module").related_model.objects.order_by("title")
    if live:
        modules = modules.live()
    if paths is not None:
        modules = modules.filter(under_paths("path", paths))
    return modules
