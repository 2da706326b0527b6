"""The shape every ``objects.for_user(user)`` shares: nothing for an anonymous visitor (or an
inactive account, where a queryset says so), everything for the programme team, and otherwise
what the model's own rule allows. The admin scoping layer (``admin_scope``) and the services
call ``for_user``; a model's queryset subclasses one of these and writes only its own rule.
"""

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """A queryset with ``for_user``; subclasses override :meth:`visible_to`.

    ``require_active = True`` also gives an inactive account nothing.
    """

    require_active = False

    def for_user(self, user):
        """The rows ``user`` may see: none when not logged in (or inactive, see above), all for
        the programme team, else :meth:`visible_to`."""
        if not user.is_authenticated or (self.require_active and not user.is_active):
            return self.none()
        if user.is_programme_team:
            return self
        return self.visible_to(user)

    def visible_to(self, user):
        """The rows a logged-in ``user`` outside the programme team may see (none here)."""
        return self.none()


class OwnRowsQuerySet(ScopedQuerySet):
    """A person sees their own rows: those whose ``owner_lookup`` (a field path to the user,
    ``"user"`` or e.g. ``"enrolment__user"``) is them."""

    owner_lookup = "user"

    def visible_to(self, user):
        """The rows that belong to ``user`` through ``owner_lookup``."""
        return self.filter(**{self.owner_lookup: user})
