"""What editors author in Wagtail: the catalogue, institutions, modules and tailored formats.

Tree: HomePage → CourseIndexPage → InstitutionPage → CourseModulePage, and
HomePage → TrainingFormatIndexPage → TrainingFormatPage. A module's institution is its parent
page; nothing stores it twice. Runs, enrolments and money live in ``lms/`` as plain models.
"""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .catalogue import CatalogueQuery
from .knowledge import (  # noqa: F401
    FindingIndexPage,
    FindingPage,
    FindingTag,
    MonitoringEntry,
    PilotProjectPage,
)
from .page_cache import AnonymousPageCacheMixin


class AudienceLevel(models.Model):
    """A level of the audience a module is written for (administrators, council members, …)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = ["name", "slug", "sort_order"]

    class Meta:
        verbose_name = _("audience level")
        verbose_name_plural = _("audience levels")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ModuleTag(TaggedItemBase):
    """Theme tag of a module."""

    content_object = ParentalKey(
        "courses.CourseModulePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


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


class InstitutionPage(AnonymousPageCacheMixin, Page):
    """A knowledge institution: its public profile and the root of its section of modules."""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        help_text=_("Short capital code, e.g. TUD; used in run codes."),
    )
    website = models.URLField(_("website"), blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("about"), blank=True)
    is_coordinator = models.BooleanField(_("coordinates the programme's education"), default=False)

    content_panels = Page.content_panels + [
        "full_name",
        "code",
        "website",
        "intro",
        "body",
        "is_coordinator",
    ]
    search_fields = Page.search_fields + [
        index.SearchField("full_name"),
        index.SearchField("intro"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.CourseModulePage"]

    class Meta:
        verbose_name = _("institution")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            CourseModulePage.objects.live().child_of(self).order_by("title").defer_streamfields()
        )
        return context


class CourseModulePage(AnonymousPageCacheMixin, Page):
    """A course module in the catalogue. Its institution is its parent page."""

    class DeliveryFormat(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")

    summary = models.TextField(_("summary"), max_length=500)
    body = RichTextField(pgettext_lazy("field", "description"), blank=True)
    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Learning outcome")))],
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    audience = models.TextField(_("audience"), blank=True)
    audience_levels = ParentalManyToManyField(
        AudienceLevel, blank=True, related_name="modules", verbose_name=_("audience levels")
    )
    delivery_format = models.CharField(
        _("format"),
        max_length=10,
        choices=DeliveryFormat.choices,
        default=DeliveryFormat.CLASSROOM,
    )
    study_load_hours = models.DecimalField(
        _("study load (hours)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    pe_points = models.DecimalField(
        _("PE points"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    tags = ClusterTaggableManager(through=ModuleTag, blank=True, verbose_name=_("themes"))
    findings = ParentalManyToManyField(
        "courses.FindingPage",
        blank=True,
        related_name="modules",
        verbose_name=_("built from findings"),
        help_text=_("The Kennisbank findings this module teaches."),
    )

    content_panels = Page.content_panels + [
        "summary",
        "body",
        "learning_outcomes",
        "findings",
        MultiFieldPanel(
            [
                "audience",
                FieldPanel("audience_levels", widget=forms.CheckboxSelectMultiple),
                "delivery_format",
                "study_load_hours",
                "pe_points",
                "tags",
            ],
            heading=_("Facts"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("audience"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("delivery_format"),
    ]
    parent_page_types = ["courses.InstitutionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("course module")

    @property
    def institution(self):
        """The institution page this module sits under."""
        return self.get_parent().specific

    def upcoming_runs(self, now=None):
        """Public upcoming runs of this module, each with ``seats_left``, ``shown_price`` (the
        price incl. VAT, see ``lms.billing.shown_prices``) and ``public_state``
        (``lms.enrolment.eligibility.run_state``: label and button rule) set."""
        from lms.enrolment.eligibility import run_state
        from lms.enrolment.models import CourseRun
        from lms.enrolment.seats import annotate_seats_left, with_waiting_flag

        now = now or timezone.now()
        from lms.billing.shown_prices import annotate_shown_prices

        runs = with_waiting_flag(CourseRun.objects.upcoming(now).filter(module=self))
        runs = runs.prefetch_related("sessions")
        runs = annotate_shown_prices(annotate_seats_left(runs, now), modules=[self])
        for run in runs:
            run.module = self  # the page is loaded: run_state asks run.module.live
            run.public_state = run_state(run, now, seats_left=run.seats_left, waiting=run.waiting)
        return runs

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["runs"] = self.upcoming_runs()
        context["institution"] = self.institution
        context["findings"] = self.findings.live().order_by("title")
        if request.user.is_authenticated:
            from lms.enrolment.eligibility import eligibility
            from lms.enrolment.models import Enrolment

            context["my_enrolments"] = {
                e.run_id: e
                for e in Enrolment.objects.live().filter(user=request.user, run__module=self)
            }
            for run in context["runs"]:
                if run.public_state.accepts_enrolment and run.pk not in context["my_enrolments"]:
                    answer = eligibility(request.user, run)
                    # Only what the person can change is told here (prerequisite, verification).
                    run.my_problem = "" if answer.allowed else answer.reason
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

    class Kind(models.TextChoices):
        ON_THE_JOB = "on_the_job", _("Training on the job")
        TAILORED_TRAINING = "tailored_training", _("Tailored training")
        ADVICE = "advice", _("Advice")
        ROADSHOW = "roadshow", _("Roadshow")
        KNOWLEDGE_SESSION = "knowledge_session", _("Knowledge session")

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
