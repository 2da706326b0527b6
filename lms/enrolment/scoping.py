"""Institution scoping of runs and enrolments in the admin: a permission policy that follows the
page tree, object views that refuse what ``for_user`` does not include, and a run form whose
module choices stop at the user's own institution.

Runs are not pages, so Wagtail's page permissions do not reach them; this applies the same map:
``CourseRun.objects.for_user`` / ``Enrolment.objects.for_user`` (via
``lms.accounts.institutions``) decide which rows a person may touch, the Django model
permissions of their group decide which actions.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.admin_policies import ServiceOnlyPermissionPolicy
from lms.accounts.institutions import managed_page_paths, under_paths


def in_scope(model, user, instance) -> bool:
    """Whether ``instance`` is among ``model.objects.for_user(user)``."""
    return model._default_manager.for_user(user).filter(pk=instance.pk).exists()


class TreeScopedPolicyMixin:
    """Instance checks of a permission policy limited to the model's ``for_user`` rows."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and in_scope(self.model, user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and in_scope(self.model, user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.model._default_manager.for_user(user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        allowed = [u.pk for u in users if in_scope(self.model, u, instance)]
        return get_user_model().objects.filter(pk__in=allowed)


class TreeScopedPermissionPolicy(TreeScopedPolicyMixin, ModelPermissionPolicy):
    """Model permissions, limited per instance to the user's part of the tree (runs)."""


class TreeScopedServiceOnlyPolicy(TreeScopedPolicyMixin, ServiceOnlyPermissionPolicy):
    """View-only in the admin and limited to the user's part of the tree (enrolments)."""


class ScopedObjectMixin:
    """An admin object view that refuses (403) an object outside ``for_user``."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not in_scope(self.model, self.request.user, obj):
            raise PermissionDenied
        return obj


def _scoped(view_class):
    return type(f"Scoped{view_class.__name__}", (ScopedObjectMixin, view_class), {})


class TreeScopedSnippetViewSet(SnippetViewSet):
    """A SnippetViewSet whose object views (edit, delete, copy, inspect, history, usage)
    refuse objects outside the model's ``for_user`` scope, whatever URL is typed."""

    edit_view_class = _scoped(SnippetViewSet.edit_view_class)
    delete_view_class = _scoped(SnippetViewSet.delete_view_class)
    copy_view_class = _scoped(SnippetViewSet.copy_view_class)
    inspect_view_class = _scoped(SnippetViewSet.inspect_view_class)
    history_view_class = _scoped(SnippetViewSet.history_view_class)
    usage_view_class = _scoped(SnippetViewSet.usage_view_class)


class CourseRunAdminForm(WagtailAdminModelForm):
    """The run form: outside the programme team, only modules of the user's own institution
    can be chosen (a crafted POST with another module is a form error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("module")
        if user is None or field is None or user.is_programme_team:
            return
        field.queryset = field.queryset.filter(under_paths("path", managed_page_paths(user)))
