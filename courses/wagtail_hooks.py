"""CMS admin hooks: protect pages that have runs; audience levels as a snippet."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AudienceLevel
from .protection import pages_with_runs


class AudienceLevelViewSet(SnippetViewSet):
    model = AudienceLevel
    icon = "group"
    menu_label = gettext_lazy("Audience levels")
    list_display = ["name", "slug", "sort_order"]


register_snippet(AudienceLevelViewSet)


def _refuse(request, pages, action):
    titles = ", ".join(page.title for page in pages)
    if action == "move":
        text = _("%(pages)s cannot be moved: it has runs, or a page below it has.")
    else:
        text = _(
            "%(pages)s cannot be deleted: it has runs, or a page below it has. "
            "Unpublish it instead."
        )
    messages.error(request, text % {"pages": titles})
    return redirect("wagtailadmin_explore", pages[0].get_parent().pk)


@hooks.register("before_delete_page")
def refuse_deleting_pages_with_runs(request, page):
    blocked = pages_with_runs([page])
    if blocked:
        return _refuse(request, blocked, "delete")


@hooks.register("before_move_page")
def refuse_moving_pages_with_runs(request, page, destination):
    blocked = pages_with_runs([page])
    if blocked:
        return _refuse(request, blocked, "move")


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_pages_with_runs(request, action_type, objects, action_class_instance):
    if action_type not in ("delete", "move"):
        return None
    pages = [obj for obj in objects if hasattr(obj, "path")]
    blocked = pages_with_runs(pages)
    if blocked:
        return _refuse(request, blocked, action_type)
