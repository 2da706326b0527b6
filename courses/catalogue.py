"""The catalogue query: published modules with their next run, filtered and searched.

Filters (theme, audience level, institution, format) combine; text search goes through Wagtail
search. The number of queries is constant in the number of modules: tags, audience levels,
institutions, next runs and seats left are each fetched once per page.
"""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language

from lms.billing.shown_prices import annotate_shown_prices
from lms.enrolment.models import CourseRun
from lms.enrolment.seats import annotate_seats_left

from .catalogue_suggest import suggestion, suggestion_querystring
from .pages import AudienceLevel, CourseModulePage, InstitutionPage, ModuleTag

PAGE_SIZE = 12
# pg_trgm word similarity from which a title counts as a match; 0.6 lets "omgevingwet" find
# "Omgevingswet en grondbeleid" but not unrelated titles.
TRIGRAM_THRESHOLD = 0.6


class CatalogueQuery:
    """Builds the catalogue's context from the index page and the request's GET parameters.

    Parameters read: ``q`` (text), ``theme`` (tag slug), ``level`` (audience level slug),
    ``institution`` (institution page slug), ``format`` (classroom/online/blended), ``sort``
    (``title``, the default, or ``date``: the next run first, modules without one last),
    ``page``. Unknown values select nothing rather than raising. The text also finds every
    module of an institution whose name (or code) matches it.
    """

    SORTS = ("title", "date")

    def __init__(self, index_page, params):
        self.index_page = index_page
        self.params = params
        self.q = (params.get("q") or "").strip()[:200]
        self.theme = params.get("theme") or ""
        self.level = params.get("level") or ""
        self.institution = params.get("institution") or ""
        self.format = params.get("format") or ""
        self.sort = params.get("sort") if params.get("sort") in self.SORTS else "title"

    def modules(self):
        qs = CourseModulePage.objects.live().public().descendant_of(self.index_page)
        if self.theme:
            tagged = ModuleTag.objects.filter(tag__slug=self.theme).values("content_object_id")
            qs = qs.filter(pk__in=tagged)
        if self.level:
            levels = CourseModulePage.audience_levels.through.objects.filter(
                audiencelevel__slug=self.level
            ).values("coursemodulepage_id")
            qs = qs.filter(pk__in=levels)
        if self.institution:
            inst = InstitutionPage.objects.filter(slug=self.institution).first()
            qs = qs.filter(path__startswith=inst.path) if inst else qs.none()
        if self.format:
            qs = qs.filter(delivery_format=self.format)
        if self.q:
            found = CourseModulePage.objects.live().search(self.q, operator="and")
            matches = Q(pk__in=[page.pk for page in found])
            named = InstitutionPage.objects.live().filter(
                Q(title__icontains=self.q) | Q(code__iexact=self.q)
            )
            for inst in named.descendant_of(self.index_page):
                matches |= Q(path__startswith=inst.path)
            if connection.vendor == "postgresql":  # pg_trgm, see migration 0004
                matches |= Q(pk__in=self._similar_titles())
            qs = qs.filter(matches)
        if self.sort == "date":
            next_start = CourseRun.objects.upcoming().filter(module=OuterRef("pk"))
            qs = qs.annotate(next_start=Subquery(next_start.values("first_start")[:1]))
            return qs.order_by(F("next_start").asc(nulls_last=True), "title").defer_streamfields()
        return qs.order_by("title").defer_streamfields()

    def _similar_titles(self):
        """Modules whose title contains a word close to the query (PostgreSQL's pg_trgm word
        similarity ≥ :data:`TRIGRAM_THRESHOLD`), so a misspelling still finds them."""
        from django.contrib.postgres.search import TrigramWordSimilarity

        return (
            CourseModulePage.objects.annotate(similarity=TrigramWordSimilarity(self.q, "title"))
            .filter(similarity__gte=TRIGRAM_THRESHOLD)
            .values("pk")
        )

    def context(self):
        paginator = Paginator(self.modules(), PAGE_SIZE)
        page = paginator.get_page(self.params.get("page"))
        modules = list(page.object_list)
        now = timezone.now()
        next_runs = CourseRun.objects.upcoming(now)
        prefetch_related_objects(
            modules,
            "tags",
            "audience_levels",
            Prefetch("runs", queryset=next_runs, to_attr="upcoming"),
        )
        annotate_shown_prices(
            annotate_seats_left([r for m in modules for r in m.upcoming], now), modules=modules
        )
        institutions = list(
            InstitutionPage.objects.live().child_of(self.index_page).order_by("title")
        )
        by_path = {inst.path: inst for inst in institutions}
        for module in modules:
            module.institution_page = by_path.get(module.path[: -module.steplen])
            module.next_run = module.upcoming[0] if module.upcoming else None
        from taggit.models import Tag

        themes = Tag.objects.filter(courses_moduletag_items__isnull=False).distinct()
        query = self.params.copy()
        query.pop("page", None)
        corrected = suggestion(self.q, self.index_page) if self.q and not paginator.count else ""
        return {
            "suggestion": corrected,
            "suggestion_querystring": suggestion_querystring(self.params, corrected)
            if corrected
            else "",
            "modules": modules,
            "page_obj": page,
            "paginator": paginator,
            "filters": {
                "q": self.q,
                "theme": self.theme,
                "level": self.level,
                "institution": self.institution,
                "format": self.format,
                "sort": self.sort,
            },
            "filter_querystring": query.urlencode(),
            "themes": themes.order_by("name"),
            "levels": self._levels(),
            "institutions": institutions,
            "formats": self._formats(),
            "result_count": paginator.count,
        }

    @staticmethod
    def _levels() -> list[dict]:
        """The audience filter's choices in the interface language (slug, name, and whether
        that name is the Dutch one shown in another language)."""
        language = get_language()
        return [
            {
                "slug": level.slug,
                "name": level.name_for(language),
                "dutch": level.is_dutch_in(language),
            }
            for level in AudienceLevel.objects.all()
        ]

    @staticmethod
    def _formats():
        return CourseModulePage.DeliveryFormat.choices
