"""Lessons: a module's learning path, as pages under the module page.

Tree: CourseModulePage → LessonPage (ordered as in the page tree). Who may read a lesson is
decided by :func:`lms.learning.access.lesson_access` (participants of a run of the module,
the institution's staff, the programme team); a visitor reads only lessons an editor marked
as a public teaser and sees the outline of the others. Lessons are never stored in the
anonymous page cache, never listed in the sitemap and never found by the public search
(``home.search``); their documents are guarded by ``lms.learning.wagtail_hooks``.
Progress lives in ``lms.learning`` and refers to a lesson by its page id.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from lms.learning import services
from lms.learning.access import lesson_access
from lms.learning.exceptions import LearningError
from lms.learning.outline import module_outline

from .lesson_blocks import lesson_body_blocks


class LessonPage(RoutablePageMixin, Page):
    """One lesson of a module: text, images, documents and video, linked to the Kennisbank.

    ``is_required`` lessons count for the completion rule "all required lessons done";
    ``is_teaser`` lessons can be read by anyone as a taste of the module.
    """

    section = models.CharField(
        _("section"),
        max_length=120,
        blank=True,
        help_text=_("Optional: lessons with the same section are grouped under it in the outline."),
    )
    intro = models.TextField(_("introduction"), max_length=600, blank=True)
    body = StreamField(lesson_body_blocks(), blank=True, verbose_name=_("content"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    is_required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Required lessons must be done to complete the module when its rule asks so."),
    )
    is_teaser = models.BooleanField(
        _("public teaser"),
        default=False,
        help_text=_("Visitors who are not enrolled may read this lesson."),
    )
    findings = ParentalManyToManyField(
        "courses.FindingPage",
        blank=True,
        related_name="lessons",
        verbose_name=_("findings it teaches"),
    )
    pilot_projects = ParentalManyToManyField(
        "courses.PilotProjectPage",
        blank=True,
        related_name="lessons",
        verbose_name=_("pilot projects it draws on"),
    )

    content_panels = Page.content_panels + [
        "section",
        "intro",
        "body",
        MultiFieldPanel(
            ["duration_minutes", "is_required", "is_teaser", "findings", "pilot_projects"],
            heading=_("About this lesson"),
        ),
    ]
    parent_page_types = ["courses.CourseModulePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_sitemap_urls(self, request=None):
        """Lessons are never listed in the sitemap (most are for participants only)."""
        return []

    def module(self):
        """The module page this lesson belongs to (its parent)."""
        return self.get_parent().specific

    def _refusal(self, request, access):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The module is the page here: nothing of the lesson (its intro) reaches the meta tags.
        context = {"page": access.module, "module": access.module, "lesson_title": self.title}
        return TemplateResponse(request, "courses/lesson_no_access.html", context, status=403)

    @path("")
    def lesson(self, request):
        """The lesson for whoever may read it; a visitor is sent to log in, a logged-in
        person without access gets a 403 page that points to the module's runs."""
        access = lesson_access(request.user, self.module())
        if getattr(request, "is_preview", False):
            access = access.for_preview()
        if not (access.allowed or self.is_teaser):
            return self._refusal(request, access)
        if access.enrolment is not None:
            services.record_visit(access.enrolment, self)
        context = self.get_context(request)
        context.update(access=access, outline=module_outline(access.module, access, self))
        response = TemplateResponse(request, self.get_template(request), context)
        response["Cache-Control"] = "private, no-store"
        return response

    @path("gedaan/")
    def done(self, request):
        """POST ``done=1`` marks the lesson done, ``done=0`` not done; back to the lesson."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        access = lesson_access(request.user, self.module())
        if access.enrolment is None:
            return self._refusal(request, access)
        try:
            if request.POST.get("done") == "0":
                services.mark_not_done(access.enrolment, self, user=request.user)
            else:
                services.mark_done(access.enrolment, self, user=request.user)
        except LearningError as error:
            messages.error(request, str(error))
        return redirect(self.url)
