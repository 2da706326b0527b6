"""Wagtail admin permission policies shared by the domain apps."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ServiceOnlyPermissionPolicy(ModelPermissionPolicy):
    """Lets staff view a model in the admin but never add, edit or delete it there.

    For models whose every change is a service transition (enrolments, certificates,
    memberships): the admin offers actions that call the services instead.
    """

    def user_has_permission(self, user, action):
        if action in WRITE_ACTIONS:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action not in WRITE_ACTIONS]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)
