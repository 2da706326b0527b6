"""Which institutions a person manages, as page-tree paths.

Kept in one function so the institution groups of issue 7 can replace it. An institution
manager is a member of a group holding ``publish_page`` on an InstitutionPage (editors only
add and change pages); the person manages everything below that page.
"""

from wagtail.models import GroupPagePermission


def managed_institution_paths(user) -> list[str]:
    """Tree paths of the InstitutionPages ``user`` manages (empty for anonymous users).

    Filter business rows with ``module__path__startswith=path`` for each path.
    """
    if not user.is_authenticated or not user.is_active:
        return []
    rows = GroupPagePermission.objects.filter(
        group__user=user,
        page__content_type__model="institutionpage",
        permission__codename="publish_page",
    ).values_list("page__path", flat=True)
    return sorted(set(rows))
