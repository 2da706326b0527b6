""" "Did you mean …?" for a catalogue search that found nothing: each word of the query that is
not a word of the catalogue is replaced by the closest catalogue word (module titles, summaries,
themes, institution names), e.g. "omgevingwet" → "omgevingswet". Works the same on SQLite and
PostgreSQL; two queries, only when a search found nothing."""

import difflib
import re

from django.http import QueryDict

from .pages import CourseModulePage, InstitutionPage

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)  # words of 4+ letters; shorter ones rarely help
CUTOFF = 0.8  # difflib similarity ratio; 0.8 allows one or two typos in a ten-letter word


def catalogue_words(index_page) -> set[str]:
    """The lower-case words of the live modules below ``index_page`` and of their themes and
    institutions."""
    from taggit.models import Tag

    modules = CourseModulePage.objects.live().descendant_of(index_page)
    texts = [t for row in modules.values_list("title", "summary") for t in row]
    texts += InstitutionPage.objects.live().child_of(index_page).values_list("title", flat=True)
    texts += Tag.objects.filter(courses_moduletag_items__isnull=False).values_list(
        "name", flat=True
    )
    return {word.lower() for text in texts for word in WORD.findall(text or "")}


def suggestion(query: str, index_page) -> str:
    """The corrected query, or "" when no word needed (or found) a correction."""
    words = catalogue_words(index_page)
    changed, corrected = False, []
    for token in query.split():
        lower = token.lower()
        if len(lower) < 4 or lower in words:
            corrected.append(token)
            continue
        close = difflib.get_close_matches(lower, words, n=1, cutoff=CUTOFF)
        corrected.append(close[0] if close else token)
        changed = changed or bool(close)
    return " ".join(corrected) if changed else ""


def suggestion_querystring(params, corrected: str) -> str:
    """The current filters with ``q`` replaced by ``corrected`` (and no page number)."""
    query = QueryDict(mutable=True)
    query.update(params)
    query.pop("page", None)
    query["q"] = corrected
    return query.urlencode()
