"""The programme team's side of erasure requests: a dashboard panel with the open requests and
their deadlines, and the POST that carries one out through :mod:`lms.accounts.erasure`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component

from . import erasure
from .exceptions import AccountError
from .models import ErasureRequest


class ErasureRequestsPanel(Component):
    """Open erasure requests, earliest deadline first; shown to the programme team only."""

    name = "erasure_requests"
    order = 60
    template_name = "accounts/admin/erasure_panel.html"

    def get_context_data(self, parent_context=None):
        requests = ErasureRequest.objects.filter(state=ErasureRequest.State.OPEN)
        return {
            "erasure_requests": requests.select_related("user")[:20],
            "today": timezone.localdate(),
            "csrf_token": (parent_context or {}).get("csrf_token"),
            "request": (parent_context or {}).get("request"),
        }


@require_POST
def carry_out_erasure(request, pk: int):
    """POST: anonymise the person of open request ``pk`` (programme team only)."""
    if not request.user.is_programme_team:
        raise PermissionDenied
    item = get_object_or_404(ErasureRequest, pk=pk, state=ErasureRequest.State.OPEN)
    try:
        erasure.carry_out(item, by=request.user)
    except AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The person has been anonymised; invoices keep their data."))
    return redirect("wagtailadmin_home")
