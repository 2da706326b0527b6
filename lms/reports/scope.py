"""Who sees which numbers: the programme team and the steering committee see everything; an
institution's managers see their own institution's numbers only."""

from wagtail.models import GroupPagePermission

from lms.accounts.models import STEERING_GROUP


def sees_everything(user) -> bool:
    """True for superusers, the programme team and the steering committee."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_programme_team or user.groups.filter(name=STEERING_GROUP).exists()


def managed_institution_paths(user) -> list[str]:
    """Tree paths of the institutions whose numbers ``user`` manages.

    An institution's managers hold ``publish_page`` on its InstitutionPage (editors do not).
    """
    if not user.is_authenticated:
        return []
    return list(
        GroupPagePermission.objects.filter(
            group__user=user,
            permission__codename="publish_page",
            page__content_type__model="institutionpage",
        )
        .values_list("page__path", flat=True)
        .distinct()
    )


def can_view_reports(user) -> bool:
    return sees_everything(user) or bool(managed_institution_paths(user))
