"""Nothing that was sold disappears: pages with runs at or below them cannot be deleted or moved.

``CourseRun.module`` is ``PROTECT`` as the last line of defence; these checks refuse first, with a
message, so a tree operation never stops halfway.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from lms.enrolment.models import CourseRun


def pages_with_runs(pages) -> list:
    """Return those of ``pages`` that have runs on themselves or on a page below them."""
    pages = list(pages)
    if not pages:
        return []
    condition = reduce(or_, (Q(module__path__startswith=page.path) for page in pages))
    run_paths = set(CourseRun.objects.filter(condition).values_list("module__path", flat=True))
    return [page for page in pages if any(path.startswith(page.path) for path in run_paths)]
