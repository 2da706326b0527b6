"""What editors author in Wagtail: the catalogue, institutions, modules and tailored formats.

Tree: HomePage → CourseIndexPage → InstitutionPage → CourseModulePage, and
HomePage → TrainingFormatIndexPage → TrainingFormatPage. A module's institution is its parent
page; nothing stores it twice. Runs, enrolments and money live in ``lms/`` as plain models.

The institution and module pages (with audience levels and themes) live in ``pages``, the
Kennisbank in ``knowledge``; both are below the query code (``catalogue``), which this module
uses for the catalogue page. All models are importable from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from lms.bookings.models import FormatKind

from .catalogue import CatalogueQuery
from .knowledge import (  # noqa: F401
    FindingIndexPage,
    FindingPage,
    FindingTag,
    MonitoringEntry,
    PilotProjectPage,
)
from .lessons import LessonPage  # noqa: F401
from .page_cache import AnonymousPageCacheMixin
from .pages import AudienceLevel, CourseModulePage, InstitutionPage, ModuleTag  # noqa: F401


class CourseIndexPage(AnonymousPageCacheMixin, Page):
    """The catalogue ("Opleidingen") of every institution's modules, with filters and search."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.InstitutionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(CatalogueQuery(self, request.GET).context())
        return context


class TrainingFormatIndexPage(Page):
    """Overview of the tailored formats organisations can book."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.TrainingFormatPage"]
    max_count = 1

    class Meta:
        verbose_name = _("tailored formats overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["formats"] = TrainingFormatPage.objects.live().child_of(self)
        return context


class TrainingFormatPage(RoutablePageMixin, Page):
    """One of the programme's five tailored formats, with its booking request form.

    Routes: the page itself shows and handles the form (``lms.bookings.views``);
    ``bedankt/`` is the thank-you page after a request was sent.
    """

    #: The five formats, as a booking request names them (one list for the page and bookings).
    Kind = FormatKind

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, unique=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(pgettext_lazy("field", "description"), blank=True)

    content_panels = Page.content_panels + ["kind", "intro", "body"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["courses.TrainingFormatIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tailored format")

    @path("")
    def booking_form(self, request):
        from lms.bookings.views import booking_request_view

        thanks = self.url + self.reverse_subpage("booking_thanks")
        return booking_request_view(request, self, self.get_template(request), thanks)

    @path("bedankt/")
    def booking_thanks(self, request):
        return self.render(request, context_overrides={"thanks": True})
