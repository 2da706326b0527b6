"""Admin download of the confirmed newsletter subscribers, for the mailing tool."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from . import newsletter


def export_subscribers(request):
    """CSV of confirmed subscribers; programme team only (others get 403)."""
    if not request.user.is_programme_team:
        raise PermissionDenied
    response = HttpResponse(newsletter.export_csv(request.user), content_type="text/csv")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="nieuwsbrief-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
