"""The dashboard's filters: period, institution, module, format."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminPageChooser

from lms.accounts.dates import FilterDateField

#: The page type the module filter chooses (a model label: reports reads courses' pages
#: through Wagtail, it defines none).
MODULE_PAGE = "courses.CourseModulePage"

FORMAT_CHOICES = [
    ("", _("All formats")),
    ("classroom", _("Classroom")),
    ("online", _("Online")),
    ("blended", _("Blended")),
]


@dataclass(frozen=True)
class ReportFilter:
    """What a dashboard counts. Dates are Europe/Amsterdam calendar days, both inclusive.

    ``institution_paths`` is ``None`` for everything, or the tree paths of the institutions
    whose modules count (always narrowed to what the viewer may see). ``viewer_sees_everything``
    is False for an institution's viewer: evaluation figures then leave out runs with too few
    responses to stay anonymous (see ``figures.ANONYMITY_THRESHOLD``).
    """

    start: dt.date
    end: dt.date
    institution_paths: tuple[str, ...] | None = None
    module_id: int | None = None
    delivery_format: str = ""
    viewer_sees_everything: bool = True

    def institution_q(self, field: str) -> Q:
        """A ``Q`` on an InstitutionPage relation ``field`` (e.g. ``"institution"``)."""
        if self.institution_paths is None:
            return Q()
        return Q(**{f"{field}__path__in": list(self.institution_paths)})

    def module_q(self, prefix: str) -> Q:
        """A ``Q`` on a relation ending in a module page (``prefix``: e.g. ``"run__module"``)."""
        q = Q()
        if self.institution_paths is not None:
            paths = Q(pk__in=[])
            for path in self.institution_paths:
                paths |= Q(**{f"{prefix}__path__startswith": path})
            q &= paths
        if self.module_id:
            q &= Q(**{f"{prefix}_id": self.module_id})
        if self.delivery_format:
            q &= Q(**{f"{prefix}__delivery_format": self.delivery_format})
        return q

    def period_q(self, field: str) -> Q:
        """A ``Q`` for a datetime ``field`` inside the period (inclusive, Amsterdam days)."""
        zone = timezone.get_default_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})


class CatalogueSelect(forms.Select):
    """A ``<select>`` written in Python rather than one template include per option (Django's
    way, about 0.2 ms an option): the institution and module filters list the whole catalogue,
    and the page must not cost more as it grows. Same markup as ``forms.Select``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            "<option{}>{}</option>",
            (
                (flatatt({"value": option["value"], "selected": option["selected"]}), label)
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
                for label in [option["label"]]
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(widget["attrs"]), options)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"] = {"name": name, **context["widget"]["attrs"]}
        return context


class ModuleChooser(AdminPageChooser):
    """Wagtail's page chooser for module pages that shows nothing chosen for a value that is
    not a page id (a hand-edited query string), instead of failing on the lookup."""

    def get_instance(self, value):
        if isinstance(value, str) and not (value.isdigit() and len(value) < 10):
            return None
        return super().get_instance(value)


class ReportFilterForm(forms.Form):
    start = FilterDateField(label=_("From"), required=False)
    end = FilterDateField(label=_("Until"), required=False)
    institution = forms.ChoiceField(label=_("Institution"), required=False, widget=CatalogueSelect)
    # Wagtail's page chooser (search and browse in a modal), not a <select> of every module:
    # the page costs the same however large the catalogue grows (issue 17), and a list of
    # 2,000 titles is no way to pick one. A module outside what the viewer may see counts
    # nothing (``ReportFilter.module_q`` keeps the institution paths).
    module = forms.IntegerField(label=_("Module"), required=False, min_value=1, max_value=2**31 - 1)
    format = forms.ChoiceField(
        label=pgettext_lazy("delivery format", "Format"), required=False, choices=FORMAT_CHOICES
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [("", _("All institutions"))] + [
            (path, title) for path, title in institutions
        ]
        self.fields["module"].widget = ModuleChooser(target_models=[MODULE_PAGE])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period lies before its start."))
        return cleaned

    def to_filter(self, allowed_paths: list[str] | None) -> ReportFilter:
        """The filter for valid data, narrowed to ``allowed_paths`` (``None``: everything).

        Default period: a calendar year (1 January to 31 December), this year's unless a start
        or end is given, then the year of that date.
        """
        data = self.cleaned_data if self.is_valid() else {}
        year = (data.get("start") or data.get("end") or timezone.localdate()).year
        start = data.get("start") or dt.date(year, 1, 1)
        end = data.get("end") or dt.date(year, 12, 31)
        chosen = data.get("institution") or ""
        if allowed_paths is None:
            paths = (chosen,) if chosen else None
        else:
            paths = tuple(p for p in allowed_paths if not chosen or p == chosen)
        return ReportFilter(
            start=start,
            end=end,
            institution_paths=paths,
            module_id=data.get("module"),
            delivery_format=data.get("format") or "",
            viewer_sees_everything=allowed_paths is None,
        )
