"""Site search with Wagtail's database backend, results grouped by page type.

Diacritics do not matter: SQLite's FTS5 ignores them, and on PostgreSQL the backend uses the
``dutch_unaccent`` text-search configuration (see courses' migration and settings).
"""

import re

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from courses.models import CourseModulePage, FindingPage, LessonPage, PilotProjectPage

RESULTS_PER_GROUP = 20

GROUPS = (
    ("modules", _("Modules"), CourseModulePage),
    ("findings", _("Findings"), FindingPage),
    ("pilot_projects", _("Pilot projects"), PilotProjectPage),
)


def search_terms(query: str) -> str:
    """``query`` reduced to its words, lower-cased: quotes, brackets and operators would
    otherwise reach the database's full-text syntax (SQLite answers an unbalanced quote with
    an error)."""
    return " ".join(re.findall(r"\w+", query.lower()))[:200]


def site_search(query: str) -> list[dict]:
    """Search live pages for the words of ``query``.

    Returns:
        A list of ``{"key", "label", "results"}`` dicts, one per non-empty group, in the order
        modules, findings, pilot projects, other pages; each holds at most
        ``RESULTS_PER_GROUP`` specific pages, best match first.
    """
    query = search_terms(query)
    groups = []
    if not query:
        return groups
    for key, label, model in GROUPS:
        results = list(model.objects.live().search(query)[:RESULTS_PER_GROUP])
        if results:
            groups.append({"key": key, "label": label, "results": results})
    # Lessons are for participants: never found by the public search (courses/lessons.py).
    hidden = (*(model for _k, _l, model in GROUPS), LessonPage)
    others = Page.objects.live().not_type(*hidden).exclude(depth=1)
    results = list(others.specific().search(query)[:RESULTS_PER_GROUP])
    if results:
        groups.append({"key": "pages", "label": _("Other pages"), "results": results})
    return groups
