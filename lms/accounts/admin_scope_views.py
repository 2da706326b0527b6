"""The admin side of the scoping layer (``lms.accounts.admin_scope``): the snippet viewset every
domain model uses, its filters, its chooser (or none), the bulk actions and the site history.

- ``ScopedSnippetViewSet``: the listing (and its CSV/XLSX export) shows ``visible(model, user)``;
  every object view (edit, delete, copy, inspect, history, history results, usage) refuses
  (403) an object the user may not see, and edit, delete and copy also one they may not act on;
  a foreign-key filter offers only the related rows of visible rows; the chooser is registered
  only when the scope says ``chooser=True`` and then lists visible rows only.
- ``ScopedDeleteBulkAction``: the bulk-delete confirmation lists visible rows only.
- ``ScopedLogEntriesView``: the site history (and its exports and filters) without entries
  about objects the user may not see.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import classproperty
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.models import ModelLogEntry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_scope import may_act, may_view, scope_for, scoped_models, visible


class ScopedObjectMixin:
    """An admin object view that refuses (403) an object ``user`` may not see, and, when
    ``act_action`` is set, one they may not perform that action on."""

    act_action = None

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        user = self.request.user
        if not may_view(user, obj):
            raise PermissionDenied
        if self.act_action and not may_act(user, self.act_action, obj, self.permission_policy):
            raise PermissionDenied
        return obj


def scoped_view(view_class, act_action=None):
    """``view_class`` behind ``ScopedObjectMixin`` (acting as ``act_action`` when given)."""
    return type(
        f"Scoped{view_class.__name__}",
        (ScopedObjectMixin, view_class),
        {"act_action": act_action},
    )


class ScopedUsageView(scoped_view(SnippetViewSet.usage_view_class)):
    """Where an object is used: readable by whoever may view it (Wagtail asks for "change",
    which view-only models never grant)."""

    permission_required = None
    any_permission_required = ["change", "view"]


class ScopedFilterSet(WagtailFilterSet):
    """List filters on related rows offer only the rows referenced by visible rows."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        if request is None:
            return
        rows = visible(self._meta.model, request.user)
        for filter_ in self.filters.values():
            related = getattr(filter_, "queryset", None)
            if related is None or callable(related):
                continue
            filter_.queryset = related.filter(pk__in=rows.values(filter_.field_name))


class ScopedIndexView(SnippetViewSet.index_view_class):
    base_filterset_class = ScopedFilterSet


class ScopedChooseView(chooser_views.ChooseView):
    def get_object_list(self):
        return visible(self.model_class, self.request.user)


class ScopedChooseResultsView(chooser_views.ChooseResultsView):
    def get_object_list(self):
        return visible(self.model_class, self.request.user)


class ScopedChosenView(chooser_views.SnippetChosenView):
    def get_object(self, pk):
        obj = super().get_object(pk)
        if not may_view(self.request.user, obj):
            raise Http404
        return obj


class ScopedChosenMultipleView(chooser_views.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return visible(self.model_class, self.request.user).filter(pk__in=pks)


class ScopedChooserViewSet(chooser_views.SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class ScopedSnippetViewSet(SnippetViewSet):
    """The snippet viewset of every domain model (its model must be under ``register_scope``).

    Subclasses that narrow ``get_queryset`` start from ``super().get_queryset(request)``."""

    index_view_class = ScopedIndexView
    edit_view_class = scoped_view(SnippetViewSet.edit_view_class, "change")
    delete_view_class = scoped_view(SnippetViewSet.delete_view_class, "delete")
    copy_view_class = scoped_view(SnippetViewSet.copy_view_class, "add")
    inspect_view_class = scoped_view(SnippetViewSet.inspect_view_class)
    history_view_class = scoped_view(SnippetViewSet.history_view_class)
    usage_view_class = ScopedUsageView
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return visible(self.model, request.user)

    def register_chooser_viewset(self):
        scope = scope_for(self.model)
        if scope is None:
            raise LookupError(f"{self.model.__name__} is not under register_scope")
        if scope.chooser:
            super().register_chooser_viewset()


class ScopedDeleteBulkAction(DeleteBulkAction):
    """Bulk delete of domain rows: the confirmation lists only rows the user may see (others are
    left out, not named), and each must pass the delete act rule."""

    @classproperty
    def models(cls):
        return scoped_models()

    def dispatch(self, request, *args, **kwargs):
        if not hasattr(self.model, "snippet_viewset"):
            raise Http404  # scoped but not a snippet (staff invitations): no bulk delete
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        return visible(self.model, self.request.user).values_list("pk", flat=True)

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        user = self.request.user
        context["items_with_no_access"] = [
            obj for obj in context["items_with_no_access"] if may_view(user, obj)
        ]
        return [obj for obj in objects if may_view(user, obj)], context


class ScopedSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    """The site history filters offer only users, types and actions of visible entries."""

    def get_user_choices(self):
        users = super().get_user_choices()
        entries = scoped_log_entries(self.request.user)
        page_users = _page_log_users(self.request.user)
        return users.filter(pk__in=set(entries.get_user_ids()) | page_users)


def _page_log_users(user):
    from wagtail.models import PageLogEntry

    return set(PageLogEntry.objects.viewable_by_user(user).get_user_ids())


def scoped_log_entries(user):
    """The ``ModelLogEntry`` rows ``user`` may read in the site history."""
    from .admin_scope import log_entries_visible

    return log_entries_visible(ModelLogEntry.objects.viewable_by_user(user), user)


class ScopedLogEntriesView(LogEntriesView):
    """The site history (``/beheer/reports/site-history/``, its results and exports) without
    entries about domain objects the user may not see."""

    filterset_class = ScopedSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            from .admin_scope import log_entries_visible

            queryset = log_entries_visible(queryset, self.request.user)
        return queryset
