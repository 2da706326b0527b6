"""Which documents belong to lessons, and who may download them.

A document used in a lesson (found through Wagtail's reference index) is served only to
people who may read one of those lessons (:func:`lms.learning.access.lesson_access`),
unless it is also used on a page anyone can read (a public teaser lesson, or any page that is
not a lesson). A document no lesson uses is not this app's concern.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from .access import lesson_access
from .models import lesson_model, module_model


def lessons_using(document) -> tuple[list, bool]:
    """The lessons (live or not) that use ``document``, and whether a page anyone can read
    uses it too: a live teaser lesson or a live page that is not a lesson."""
    page_type = ContentType.objects.get_for_model(Page).pk
    references = ReferenceIndex.get_references_to(document)
    page_ids = {int(ref.object_id) for ref in references if ref.base_content_type_id == page_type}
    if not page_ids:
        return [], True
    lesson = lesson_model()
    lessons = list(
        lesson.objects.filter(pk__in=page_ids).only("path", "depth", "is_teaser", "live")
    )
    others = page_ids - {page.pk for page in lessons}
    public = any(page.is_teaser and page.live for page in lessons)
    public = public or Page.objects.live().filter(pk__in=others).exists()
    return lessons, public


def may_download(user, document) -> bool:
    """True when ``user`` may download ``document`` (see the module doc)."""
    lessons, public = lessons_using(document)
    if public:
        return True
    parents = {page.path[: -Page.steplen] for page in lessons}
    modules = (
        module_model().objects.filter(path__in=parents).only("path", "depth", "lesson_access_days")
    )
    return any(lesson_access(user, module).allowed for module in modules)
