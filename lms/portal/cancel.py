"""The cancel confirmation page: before a person confirms, it states what cancelling costs and
what is credited, from billing's one cancellation-cost function. The cancellation itself is
the enrolment service, reached through ``enrolment:cancel``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from lms.accounts.redirects import next_on_site
from lms.billing.cancellation import cancellation_cost
from lms.enrolment.models import Enrolment


def _back(request) -> str:
    """The page to return to (``next`` on this site), or "" for none."""
    return next_on_site(request, request.GET.get("next"), "")


@login_required
def cancel(request, enrolment_id: int):
    """GET: the confirmation for cancelling an enrolment the user may see (404 otherwise),
    with the cost at this moment (euros) and what is credited."""
    enrolment = get_object_or_404(
        Enrolment.objects.for_user(request.user).select_related("run__module", "user"),
        pk=enrolment_id,
    )
    response = render(
        request,
        "portal/cancel.html",
        {
            "enrolment": enrolment,
            "cost": cancellation_cost(enrolment),
            "next": _back(request),
            "own": enrolment.user_id == request.user.pk,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
