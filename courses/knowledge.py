"""The Kennisbank: pilot projects the programme follows and the findings drawn from them.

Tree: HomePage → FindingIndexPage ("Kennisbank") → PilotProjectPage | FindingPage. A finding may
come from several pilot projects, so it lives beside them under the index and names its projects
(``FindingPage.pilot_projects``). Modules state which findings they are built from
(``CourseModulePage.findings``); the reverse relations give "modules that teach this finding"
and "findings and modules built on this project". Imported by ``courses.models``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


class Province(models.TextChoices):
    """The twelve Dutch provinces."""

    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Fryslân"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NORTH_BRABANT = "NB", "Noord-Brabant"
    NORTH_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    SOUTH_HOLLAND = "ZH", "Zuid-Holland"


class FindingTag(TaggedItemBase):
    """Theme tag of a finding (the same taggit tags as the modules' themes)."""

    content_object = ParentalKey(
        "courses.FindingPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class FindingIndexPage(Page):
    """The Kennisbank: pilot projects and findings, filterable by theme, province and phase."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.PilotProjectPage", "courses.FindingPage"]
    max_count = 1

    class Meta:
        verbose_name = _("knowledge base")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(KnowledgeFilter(self, request.GET).context())
        return context


class PilotProjectPage(Page):
    """A transformation project the programme follows and evaluates.

    Coordinates are WGS84 decimal degrees. Dated monitoring entries
    (:class:`MonitoringEntry`) follow the project over the programme's years; the public page
    shows only those marked public.
    """

    class Phase(models.TextChoices):
        INITIATIVE = "initiative", _("Initiative")
        PLANNING = "planning", _("Planning")
        REALISATION = "realisation", _("Realisation")
        COMPLETED = "completed", _("Completed")

    class MonitoringStatus(models.TextChoices):
        PLANNED = "planned", _("Monitoring planned")
        ACTIVE = "active", _("Being monitored")
        EVALUATED = "evaluated", _("Evaluated")

    municipality = models.CharField(_("municipality"), max_length=100)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    partners = models.TextField(_("partners"), blank=True, help_text=_("One partner per line."))
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    summary = models.TextField(_("summary"), max_length=600)
    body = RichTextField(pgettext_lazy("field", "description"), blank=True)
    monitoring_status = models.CharField(
        _("monitoring status"),
        max_length=10,
        choices=MonitoringStatus.choices,
        default=MonitoringStatus.ACTIVE,
    )

    content_panels = Page.content_panels + [
        "summary",
        "body",
        MultiFieldPanel(
            [
                "municipality",
                "province",
                "location",
                "latitude",
                "longitude",
                "phase",
                "start_year",
                "partners",
                "monitoring_status",
            ],
            heading=_("Facts"),
        ),
        InlinePanel(
            "monitoring_entries",
            heading=_("Monitoring"),
            label=_("monitoring entry"),
            help_text=_("Dated observations; only entries marked public appear on the site."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("municipality"),
        index.SearchField("partners"),
        index.FilterField("province"),
        index.FilterField("phase"),
    ]
    parent_page_types = ["courses.FindingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("pilot project")

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        # The module pages are reached through the relation that names them ("courses.
        # CourseModulePage", resolved by the app registry): the module pages import this module.
        modules = FindingPage._meta.get_field("modules").related_model
        context = super().get_context(request, *args, **kwargs)
        context["findings"] = FindingPage.objects.live().filter(pilot_projects=self).distinct()
        context["monitoring_entries"] = self.public_monitoring_entries()
        context["modules"] = (
            modules.objects.live()
            .filter(findings__pilot_projects=self, findings__live=True)
            .distinct()
            .order_by("title")
            .defer_streamfields()
        )
        context["lessons"] = self.lessons.live().order_by("path").defer_streamfields()
        return context

    def public_monitoring_entries(self) -> list["MonitoringEntry"]:
        """The entries marked public, newest first (all entries stay in the editor)."""
        entries = [e for e in self.monitoring_entries.all() if e.is_public]
        return sorted(entries, key=lambda e: (e.date, e.sort_order or 0), reverse=True)


class MonitoringEntry(Orderable):
    """One dated observation of a pilot project by the programme's researchers.

    Content of the page (kept in its revisions, written by the ``Kennisbank`` group); shown on
    the public page only when ``is_public``.
    """

    page = ParentalKey(
        PilotProjectPage, on_delete=models.CASCADE, related_name="monitoring_entries"
    )
    date = models.DateField(_("date"))
    phase = models.CharField(_("phase"), max_length=12, choices=PilotProjectPage.Phase.choices)
    progress = models.TextField(_("progress against the goals"))
    lessons = models.TextField(_("lessons observed"), blank=True)
    reported_by = models.CharField(
        _("reported by"), max_length=200, help_text=_("Name and organisation of the reporter.")
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Show this entry on the public project page.")
    )

    panels = ["date", "phase", "progress", "lessons", "reported_by", "is_public"]

    class Meta(Orderable.Meta):
        verbose_name = _("monitoring entry")
        verbose_name_plural = _("monitoring entries")

    def __str__(self):
        return f"{self.page.title} {self.date:%d-%m-%Y}"


class FindingPage(Page):
    """A lesson learned from one or more pilot projects, with its evidence and source."""

    summary = models.TextField(_("summary"), max_length=600)
    evidence = RichTextField(_("evidence"), blank=True)
    pilot_projects = ParentalManyToManyField(
        "courses.PilotProjectPage",
        blank=True,
        related_name="findings",
        verbose_name=_("pilot projects it comes from"),
    )
    source_title = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("A publication or evaluation report."),
    )
    source_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source document"),
    )
    source_url = models.URLField(_("source link"), blank=True)
    tags = ClusterTaggableManager(through=FindingTag, blank=True, verbose_name=_("themes"))

    content_panels = Page.content_panels + [
        "summary",
        "evidence",
        "tags",
        "pilot_projects",
        MultiFieldPanel(["source_title", "source_document", "source_url"], heading=_("Source")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("evidence"),
        index.SearchField("source_title"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["courses.FindingIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("finding")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = self.pilot_projects.live().order_by("title")
        context["modules"] = self.modules.live().order_by("title").defer_streamfields()
        context["lessons"] = self.lessons.live().order_by("path").defer_streamfields()
        return context


class KnowledgeFilter:
    """Filters the Kennisbank by ``thema`` (tag slug), ``provincie`` and ``fase``.

    Province and phase select pilot projects, and the findings that come from them; theme
    selects findings. Unknown values are ignored (the filter shows everything).
    """

    def __init__(self, index_page, params):
        self.index_page = index_page
        self.theme = params.get("thema", "")
        self.province = params.get("provincie", "")
        self.phase = params.get("fase", "")
        if self.province not in Province.values:
            self.province = ""
        if self.phase not in PilotProjectPage.Phase.values:
            self.phase = ""

    def projects(self):
        projects = PilotProjectPage.objects.live().descendant_of(self.index_page)
        if self.province:
            projects = projects.filter(province=self.province)
        if self.phase:
            projects = projects.filter(phase=self.phase)
        return projects.order_by("title")

    def findings(self):
        findings = FindingPage.objects.live().descendant_of(self.index_page)
        if self.theme:
            findings = findings.filter(tags__slug=self.theme)
        project_filter = Q()
        if self.province:
            project_filter &= Q(pilot_projects__province=self.province)
        if self.phase:
            project_filter &= Q(pilot_projects__phase=self.phase)
        if project_filter:
            findings = findings.filter(project_filter)
        return findings.distinct().order_by("title").prefetch_related("tags")

    def context(self) -> dict:
        themes = Tag.objects.filter(courses_findingtag_items__isnull=False).distinct()
        return {
            "projects": self.projects(),
            "findings": self.findings(),
            "themes": themes.order_by("name"),
            "provinces": Province.choices,
            "phases": PilotProjectPage.Phase.choices,
            "selected": {"thema": self.theme, "provincie": self.province, "fase": self.phase},
        }
