"""The steering dashboards in the Wagtail admin, their CSV/XLSX exports and the annual PDF."""

import hashlib

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import exports, figures, scope
from .charts import chart_for
from .filters import ReportFilterForm
from .headline import headline_figures


class DashboardView(WagtailAdminTemplateMixin, TemplateView):
    """GET: every table with its chart. ``?table=<key>&export=csv|xlsx`` downloads one table;
    ``?annual=pdf`` the annual report. Filters narrow, never widen, what the viewer may see."""

    template_name = "reports/dashboard.html"
    page_title = _("Results")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        # Without its own item Wagtail's header reads "Home" on this page.
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not scope.can_view_reports(request.user):
            raise PermissionDenied
        self.allowed_paths = (
            None
            if scope.sees_everything(request.user)
            else (scope.managed_institution_paths(request.user))
        )
        self.form = ReportFilterForm(
            request.GET or None,
            institutions=self._institutions(),
        )
        self.report_filter = self.form.to_filter(self.allowed_paths)
        return super().dispatch(request, *args, **kwargs)

    def _institutions(self):
        pages = Page.objects.filter(
            content_type__app_label="courses", content_type__model="institutionpage"
        ).order_by("title")
        if self.allowed_paths is not None:
            pages = pages.filter(path__in=self.allowed_paths)
        return list(pages.values_list("path", "title"))

    def get(self, request, *args, **kwargs):
        if request.GET.get("annual") == "pdf":
            from .pdf import render_annual_report

            data = render_annual_report(figures.all_tables(self.report_filter), self.report_filter)
            response = HttpResponse(data, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="jaarrapportage.pdf"'
            response["Cache-Control"] = "private, no-store"
            return response
        if request.GET.get("export") in ("csv", "xlsx"):
            return self._export(request.GET.get("table", ""), request.GET["export"])
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def _export(self, key: str, fmt: str):
        built = (build(self.report_filter) for build in figures.TABLES)
        table = next((t for t in built if t.key == key), None)
        if table is None:
            raise Http404
        response = exports.csv_response(table) if fmt == "csv" else exports.xlsx_response(table)
        response["Cache-Control"] = "private, no-store"
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        for name in ("export", "table", "annual", "fresh"):
            query.pop(name, None)
        base_query = query.urlencode()
        headline_html, sections_html, computed_at = cached_sections(
            self.report_filter, base_query, fresh=self.request.GET.get("fresh") == "1"
        )
        context.update(
            form=self.form,
            report_filter=self.report_filter,
            headline_html=headline_html,
            sections_html=sections_html,
            computed_at=computed_at,
            minutes=CACHE_SECONDS // 60,
            base_query=base_query,
        )
        return context


#: How long the rendered figures of one selection are reused (seconds).
CACHE_SECONDS = 600


def cached_sections(report_filter, base_query: str, *, fresh: bool = False):
    """The rendered headline figures, the rendered tables and charts for ``report_filter``, and
    when they were computed (UTC),
    from the cache when they were computed less than ``CACHE_SECONDS`` ago, unless ``fresh``.

    The key holds the whole filter, which is already narrowed to what the viewer may see, and
    the language, so two viewers share figures only when they may both see all of them."""
    key = (
        "reports:sections:v2:"
        + hashlib.sha256(repr((report_filter, base_query, get_language())).encode()).hexdigest()
    )
    cached = None if fresh else cache.get(key)
    if cached is not None:
        return mark_safe(cached[0]), mark_safe(cached[1]), cached[2]
    tables = figures.all_tables(report_filter)
    headline = render_to_string(
        "reports/_headline.html",
        {"figures": headline_figures(tables), "report_filter": report_filter},
    )
    html = render_to_string(
        "reports/_sections.html",
        {
            "sections": [
                (
                    table,
                    chart_for(table),
                    [[row.get(k) for k, _h in table.columns] for row in table.rows],
                )
                for table in tables
            ],
            "base_query": base_query,
        },
    )
    computed_at = timezone.now()
    cache.set(key, (headline, html, computed_at), CACHE_SECONDS)
    return mark_safe(headline), mark_safe(html), computed_at
