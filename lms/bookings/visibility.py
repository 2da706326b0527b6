"""Who may see which booking rows: shared by the querysets of requests, quotes and
engagements (``for_user``). Reads only accounts' memberships and Wagtail's page permissions."""

from django.db.models import Q

from lms.accounts.institutions import managed_page_paths, under_paths
from lms.accounts.models import Organisation


def contact_organisations(user):
    """Organisations for which ``user`` is an approved contact, as accounts answers it
    (:meth:`lms.accounts.models.OrganisationQuerySet.contact_of`)."""
    return Organisation.objects.contact_of(user)


def managed_institutions(user, path_field: str) -> Q:
    """Rows whose assigned institution (tree path in ``path_field``) ``user`` manages."""
    return under_paths(path_field, managed_page_paths(user))
