"""CMS admin hooks: protect pages that have runs; set up new institutions; keep place
choosers to the editor's own section; audience levels as a snippet."""

from functools import reduce
from operator import or_

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts import staff_invitations

from .institutions import ensure_institution_groups, own_section_paths, setup_institution
from .models import AudienceLevel, InstitutionPage
from .protection import pages_with_runs

PLACE_CHOOSER_PERMS = ("move_to", "copy_to", "bulk_move_to")


class AudienceLevelViewSet(SnippetViewSet):
    """The audience levels modules are tagged with (catalogue filter), ordered by sort_order."""

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
    """Refuse deleting a page that has runs (or has one below it), with a message."""
    blocked = pages_with_runs([page])
    if blocked:
        return _refuse(request, blocked, "delete")


@hooks.register("before_move_page")
def refuse_moving_pages_with_runs(request, page, destination):
    """Refuse moving a page that has runs (or has one below it), with a message."""
    blocked = pages_with_runs([page])
    if blocked:
        return _refuse(request, blocked, "move")


@hooks.register("before_bulk_action")
def refuse_bulk_changes_to_pages_with_runs(request, action_type, objects, action_class_instance):
    """Refuse a bulk delete or move that includes a page with runs."""
    if action_type not in ("delete", "move"):
        return None
    pages = [obj for obj in objects if hasattr(obj, "path")]
    blocked = pages_with_runs(pages)
    if blocked:
        return _refuse(request, blocked, action_type)


@hooks.register("after_create_page")
def set_up_new_institution(request, page):
    """A new InstitutionPage gets its groups, page permissions, collection and workflow."""
    if isinstance(page.specific, InstitutionPage):
        setup_institution(page.specific)


@hooks.register(staff_invitations.GROUPS_HOOK)
def institution_staff_groups(page):
    """The editor and manager groups of an institution page, for the staff invitations of
    ``lms.accounts`` (made when missing)."""
    return ensure_institution_groups(page)


def _invite_button(page, user, priority):
    if page.specific_class is not InstitutionPage or not staff_invitations.invitable_roles(user):
        return
    if staff_invitations.invitable_institutions(user).filter(pk=page.pk).exists():
        url = reverse("accounts_staff_invitation_new") + f"?institution={page.pk}"
        yield Button(_("Invite staff"), url, icon_name="mail", priority=priority)


@hooks.register("register_page_header_buttons")
def invite_staff_header_button(page, user, view_name, next_url=None):
    """The "Invite staff" button on an institution page, for those who may invite to it."""
    yield from _invite_button(page, user, priority=68)


@hooks.register("register_page_listing_more_buttons")
def invite_staff_listing_button(page, user, next_url=None):
    """The "Invite staff" entry in an institution page's listing menu (same rule)."""
    yield from _invite_button(page, user, priority=55)


@hooks.register("construct_page_chooser_queryset")
def limit_place_choosers_to_own_section(pages, request):
    """Where an editor picks a place to move or copy pages to, show only their own section
    (and the pages above it, to get there). Choosers that link to a page are not limited."""
    if request.GET.get("user_perms") not in PLACE_CHOOSER_PERMS:
        return pages
    user = request.user
    if user.is_programme_team:
        return pages
    own = own_section_paths(user)
    return pages.filter(
        reduce(or_, (Q(path__startswith=path) for path in own), Q(pk__in=[]))
        | Q(path__in=[path[:n] for path in own for n in range(4, len(path), 4)])
    )
