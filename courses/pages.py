"""The catalogue's content: audience levels, themes, institution pages and module pages.

Tree: CourseIndexPage (``courses.models``) → InstitutionPage → CourseModulePage. A module's
institution is its parent page; nothing stores it twice. This module imports no query code of
the app (``catalogue``, ``catalogue_suggest``), so those import it at module level; everything is
re-exported by ``courses.models``.
"""

from django import forms
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .page_cache import AnonymousPageCacheMixin


class AudienceLevel(models.Model):
    """A level of the audience a module is written for (administrators, council members, …)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Shown in the English interface; without it the Dutch name is shown."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = ["name", "name_en", "slug", "sort_order"]

    class Meta:
        verbose_name = _("audience level")
        verbose_name_plural = _("audience levels")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def name_for(self, language: str | None) -> str:
        """The name to show in interface ``language`` (e.g. "en"): ``name_en`` in English when
        filled in, else the Dutch ``name``."""
        return self.name_en if (language or "").startswith("en") and self.name_en else self.name

    def is_dutch_in(self, language: str | None) -> bool:
        """True when :meth:`name_for` gives the Dutch name in a non-Dutch ``language``."""
        return not (language or "nl").startswith("nl") and self.name_for(language) == self.name


class ModuleTag(TaggedItemBase):
    """Theme tag of a module."""

    content_object = ParentalKey(
        "courses.CourseModulePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


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
    lesson_access_days = models.PositiveSmallIntegerField(
        _("access to the lessons after completion (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How long participants can still read the lessons after completing. "
            "Empty: one year (365 days)."
        ),
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
        "lesson_access_days",
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("audience"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("delivery_format"),
    ]
    parent_page_types = ["courses.InstitutionPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("course module")

    @property
    def institution(self):
        """The institution page this module sits under."""
        return self.get_parent().specific

    def upcoming_runs(self, now=None):
        """Public upcoming runs of this module, each with ``seats_left``, ``shown_price`` (the
        price incl. VAT, see ``lms.billing.shown_prices``) and ``public_state``
        (``lms.enrolment.eligibility.run_state``: label and button rule) set, in a constant
        number of queries."""
        from lms.billing.shown_prices import annotate_shown_prices
        from lms.enrolment.eligibility import annotate_run_states
        from lms.enrolment.models import CourseRun

        now = now or timezone.now()
        runs = annotate_shown_prices(
            list(CourseRun.objects.upcoming(now).filter(module=self).prefetch_related("sessions")),
            modules=[self],
        )
        for run in runs:
            run.module = self  # the state reads the module's publication
        return annotate_run_states(runs, now)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["runs"] = self.upcoming_runs()
        context["institution"] = self.institution
        context["findings"] = self.findings.live().order_by("title")
        from lms.learning.access import lesson_access
        from lms.learning.outline import module_outline

        context["access"] = lesson_access(request.user, self)
        context["outline"] = module_outline(self, context["access"])
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
