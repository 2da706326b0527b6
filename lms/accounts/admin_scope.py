"""One scoping layer for admin access to domain models: per model, who may *see* an object
and who may *act* on it, asked by every admin door (listing, inspect, edit, delete, history,
usage, chooser, bulk actions, exports, the site history).

A model joins with ``register_scope(model, base_policy, view=..., act=...)``:

- ``view(user) -> QuerySet``: the rows ``user`` may see. Defaults to the model's
  ``objects.for_user(user)`` (the role table of the design); models without one must pass it.
- ``act(user, action, obj) -> bool``: whether ``user`` may perform ``action`` (``"change"``,
  ``"delete"``, ``"revoke"``, …) on ``obj``. Defaults to "may see it and the model's policy
  grants the action". Seeing never implies acting: a certificate holder sees their certificate
  but may not rename it.
- ``chooser``: whether the admin offers a chooser for the model (default: none; only the
  programme team links such rows, through plain selects in forms only it may open).

The model's Wagtail permission policy becomes a ``ScopedPermissionPolicy`` around
``base_policy``: model-level questions go to the base policy, instance questions to the base
policy *and* this scope. ``lms.accounts.admin_scope_views`` has the viewset, bulk action,
filters and site history that use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

ViewRule = Callable[[object], QuerySet]
ActRule = Callable[[object, str, object], bool]


@dataclass(frozen=True)
class Scope:
    """The view and act policies of one model (see the module docstring)."""

    model: type
    view: ViewRule
    act: ActRule | None
    chooser: bool


_SCOPES: dict[type, Scope] = {}


def register_scope(model, base_policy, *, view=None, act=None, chooser=False):
    """Put ``model`` under the layer; registers and returns its ``ScopedPermissionPolicy``.

    Raises:
        ValueError: no ``view`` given and the model's manager has no ``for_user``.
    """
    if view is None:
        if not hasattr(model._default_manager, "for_user"):
            raise ValueError(f"{model.__name__} needs a view rule (no objects.for_user)")

        def view(user, model=model):
            return model._default_manager.for_user(user)

    _SCOPES[model] = Scope(model=model, view=view, act=act, chooser=chooser)
    policy = ScopedPermissionPolicy(model, base_policy)
    register_permission_policy(model, policy)
    return policy


def scope_for(model) -> Scope | None:
    """The scope of ``model`` (or of its concrete parent), ``None`` when it has none."""
    return _SCOPES.get(getattr(model._meta, "concrete_model", model))


def scoped_models() -> list[type]:
    """Every model under the layer."""
    return list(_SCOPES)


def visible(model, user) -> QuerySet:
    """The rows of ``model`` that ``user`` may see in the admin (none when not logged in)."""
    if not (user.is_authenticated and user.is_active):
        return model._default_manager.none()
    scope = scope_for(model)
    if scope is None:
        return model._default_manager.all()
    return scope.view(user)


def may_view(user, obj) -> bool:
    """Whether ``user`` may see ``obj``."""
    if obj is None or obj.pk is None:
        return False
    return visible(type(obj), user).filter(pk=obj.pk).exists()


def may_act(user, action: str, obj, base_policy=None) -> bool:
    """Whether ``user`` may perform ``action`` on ``obj``: the model's act rule where it has
    one, else seeing it plus the base policy's grant of ``action`` (when a policy is given)."""
    if not (user.is_authenticated and user.is_active):
        return False
    scope = scope_for(type(obj))
    if scope is not None and scope.act is not None:
        return bool(scope.act(user, action, obj))
    if base_policy is not None and not base_policy.user_has_permission(user, action):
        return False
    return may_view(user, obj)


def log_entries_visible(queryset, user):
    """``queryset`` of ``ModelLogEntry`` rows without those about objects ``user`` may not see
    (entries of models outside the layer are left as they are)."""
    from django.contrib.contenttypes.models import ContentType

    if getattr(user, "is_programme_team", False):
        return queryset
    types = ContentType.objects.get_for_models(*_SCOPES, for_concrete_models=True)
    allowed = ~Q(content_type__in=list(types.values()))
    for model, content_type in types.items():
        ids = visible(model, user).annotate(_log_id=Cast("pk", CharField())).values("_log_id")
        allowed |= Q(content_type=content_type, object_id__in=ids)
    return queryset.filter(allowed)


class ScopedPermissionPolicy(BasePermissionPolicy):
    """A model's Wagtail permission policy: ``base`` answers per model, the scope per object
    (``view`` for viewing, ``act`` for every other action)."""

    def __init__(self, model, base):
        super().__init__(model)
        self.base = base

    def __getattr__(self, name):
        # Helpers some Wagtail views call on a ModelPermissionPolicy (codenames and the like).
        if name == "base":
            raise AttributeError(name)
        return getattr(self.base, name)

    def user_has_permission(self, user, action):
        return self.base.user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return self.base.user_has_any_permission(user, actions)

    def users_with_any_permission(self, actions):
        return self.base.users_with_any_permission(actions)

    def users_with_permission(self, action):
        return self.base.users_with_permission(action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.base.user_has_permission_for_instance(user, action, instance):
            return False
        if action == "view":
            return may_view(user, instance)
        return may_act(user, action, instance, self.base)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.base.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible(self.model, user)

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.base.users_with_any_permission(actions)
        allowed = [
            u.pk for u in users if self.user_has_any_permission_for_instance(u, actions, instance)
        ]
        return get_user_model().objects.filter(pk__in=allowed)

    def users_with_permission_for_instance(self, action, instance):
        return self.users_with_any_permission_for_instance([action], instance)
