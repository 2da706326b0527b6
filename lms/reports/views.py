"""The steering dashboards in the Wagtail admin, their CSV/XLSX exports and the annual PDF."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Page

from . import figures, scope
from .charts import chart_for
from .filters import ReportFilterForm


class DashboardView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
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
            modules=self._modules(),
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

    def _modules(self):
        modules = apps.get_model("courses", "CourseModulePage").objects.order_by("title")
        if self.allowed_paths is not None:
            inside = Q(pk__in=[])
            for path in self.allowed_paths:
                inside |= Q(path__startswith=path)
            modules = modules.filter(inside)
        return list(modules.values_list("pk", "title"))

    def get(self, request, *args, **kwargs):
        if request.GET.get("annual") == "pdf":
            from .pdf import render_annual_report

            data = render_annual_report(figures.all_tables(self.report_filter), self.report_filter)
            response = HttpResponse(data, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="jaarrapportage.pdf"'
            response["Cache-Control"] = "private, no-store"
            return response
        if self.is_export:
            return self._export(request.GET.get("table", ""), request.GET["export"])
        response = super().get(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    def _export(self, key: str, fmt: str):
        builders = {build.__name__: build for build in figures.TABLES}
        table = next(
            (t for t in (b(self.report_filter) for b in builders.values()) if t.key == key), None
        )
        if table is None:
            raise Http404
        self.list_export = [k for k, _h in table.columns]
        self.export_headings = dict(table.columns)
        self.export_filename = table.key
        response = self.as_spreadsheet(table.rows, fmt)
        response["Cache-Control"] = "private, no-store"
        return response

    def to_row_dict(self, item):
        return {key: item.get(key) for key in self.list_export}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tables = figures.all_tables(self.report_filter)
        query = self.request.GET.copy()
        for name in ("export", "table", "annual"):
            query.pop(name, None)
        context.update(
            form=self.form,
            report_filter=self.report_filter,
            sections=[
                (
                    table,
                    chart_for(table),
                    [[row.get(k) for k, _h in table.columns] for row in table.rows],
                )
                for table in tables
            ],
            base_query=query.urlencode(),
        )
        return context
