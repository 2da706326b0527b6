"""Which parts of the page tree a person manages, read from Wagtail's page permissions.

An institution's manager group holds ``publish_page`` on its InstitutionPage; page permissions
apply to the page and everything below it, so "the runs this person manages" are the runs whose
module's tree path starts with one of these paths. The domain never imports the CMS: this reads
only ``wagtailcore`` rows.
"""

from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import GroupPagePermission

MANAGING_PAGE_PERMISSION = "publish_page"


def managed_page_paths(user) -> tuple[str, ...]:
    """Tree paths of the pages whose subtree ``user`` manages (cached on the user object).

    Returns an empty tuple for anonymous or inactive users. Superusers and the programme team
    are not special-cased here: callers decide that first.
    """
    if not (user.is_authenticated and user.is_active):
        return ()
    cached = getattr(user, "_managed_page_paths", None)
    if cached is None:
        paths = (
            GroupPagePermission.objects.filter(
                group__user=user, permission__codename=MANAGING_PAGE_PERMISSION
            )
            .values_list("page__path", flat=True)
            .distinct()
        )
        cached = tuple(sorted(set(paths)))
        user._managed_page_paths = cached
    return cached


def under_paths(field: str, paths) -> Q:
    """A ``Q`` that matches rows whose ``field`` (a tree path) lies at or below any of ``paths``.

    With no paths it matches nothing.
    """
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))
