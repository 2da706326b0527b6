"""Who sees which numbers: the programme team and the steering committee see everything; an
institution's managers see their own institution's numbers only."""

from lms.accounts.institutions import managed_page_paths
from lms.accounts.models import STEERING_GROUP


def sees_everything(user) -> bool:
    """True for superusers, the programme team and the steering committee."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_programme_team or user.groups.filter(name=STEERING_GROUP).exists()


def managed_institution_paths(user) -> list[str]:
    """Tree paths of the institutions whose numbers ``user`` manages (see
    ``lms.accounts.institutions``)."""
    return list(managed_page_paths(user))


def can_view_reports(user) -> bool:
    return sees_everything(user) or bool(managed_institution_paths(user))
