"""Site pages: the home page and standard content pages, plus site-wide settings."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.page_cache import AnonymousPageCacheMixin


class HomePage(AnonymousPageCacheMixin, Page):
    """The home page: presents the programme, its aims and the next runs."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    aims = StreamField(
        [("aim", blocks.CharBlock(label=_("Aim")))], blank=True, verbose_name=_("aims")
    )

    content_panels = Page.content_panels + ["intro", "body", "aims"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "courses.CourseIndexPage",
        "courses.TrainingFormatIndexPage",
        "courses.FindingIndexPage",
        "home.NewsIndexPage",
        "home.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from courses.models import CourseIndexPage, TrainingFormatIndexPage
        from lms.enrolment.models import CourseRun
        from lms.enrolment.seats import annotate_seats_left

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        runs = (
            CourseRun.objects.upcoming(now).filter(module__live=True).select_related("module")[:6]
        )
        context["upcoming_runs"] = annotate_seats_left(runs, now)
        context["catalogue"] = CourseIndexPage.objects.live().first()
        context["formats_index"] = TrainingFormatIndexPage.objects.live().first()
        return context


class StandardPage(Page):
    """A plain content page (about, accessibility statement, privacy, terms)."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + ["intro", "body"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(RoutablePageMixin, Page):
    """The news overview ("Nieuws"), with RSS (``feed/rss/``) and Atom (``feed/atom/``) feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news overview")

    def news_items(self):
        """Live news items below this page, newest first."""
        return NewsPage.objects.live().child_of(self).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_items"] = self.news_items()[:50]
        return context

    @path("feed/rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsPage(Page):
    """One news item: a date, a short introduction and the story."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("introduction"), max_length=500)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + ["date", "intro", "body"]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")


@register_setting(icon="cog")
class ProgrammeSettings(BaseGenericSetting):
    """Facts about the installed programme content, kept by ``load_programme``."""

    content_loaded_on = models.DateField(
        _("programme content first loaded on"),
        null=True,
        blank=True,
        help_text=_("Run dates of the programme content are counted from this day."),
    )
    contact_email = models.EmailField(_("contact e-mail"), default="info@gebiedsschool.nl")

    class Meta:
        verbose_name = _("programme settings")
