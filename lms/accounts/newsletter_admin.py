"""Admin download of the confirmed newsletter subscribers, for the mailing tool."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from . import newsletter
from .spreadsheet import csv_response


def export_subscribers(request):
    """CSV of confirmed subscribers; programme team only (others get 403)."""
    if not request.user.is_programme_team:
        raise PermissionDenied
    stamp = timezone.localdate().isoformat()
    return csv_response(f"nieuwsbrief-{stamp}.csv", newsletter.export_rows(request.user))
