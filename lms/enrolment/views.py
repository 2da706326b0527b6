"""The enrol and cancel pages. They call the services and show their messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import seats, services
from .exceptions import EnrolmentError
from .models import CourseRun, Enrolment


def _public_run(pk: int) -> CourseRun:
    run = get_object_or_404(
        CourseRun.objects.with_dates().select_related("module"),
        pk=pk,
        is_private=False,
    )
    if run.status == CourseRun.Status.DRAFT or not run.module.live:
        raise Http404
    return run


@login_required
def enrol(request, run_id: int):
    """GET: show a free run and its sessions and ask to confirm. POST: enrol.

    Paid runs are redirected to the checkout of ``lms.billing``.
    """
    run = _public_run(run_id)
    if not run.is_free:
        # Paid places go through billing's checkout (price, VAT, terms, payer); a URL name
        # keeps the dependency pointing from billing to enrolment, never back.
        return redirect("billing:checkout", run_id=run.pk)
    if request.method == "POST":
        try:
            services.enrol(request.user, run)
        except EnrolmentError as error:
            messages.error(request, str(error))
            return redirect("enrolment:enrol", run_id=run.pk)
        messages.success(request, _("You are enrolled in %(run)s.") % {"run": run.display_title})
        return redirect("portal:dashboard")
    problem = None
    try:
        services.check_run_open(run)
        if not request.user.is_verified:
            problem = _("Please verify your e-mail address before you enrol.")
        elif run.enrolments.live().filter(user=request.user).exists():
            problem = _("You are already enrolled in this run.")
        elif seats.seats_left(run) <= 0:
            problem = _("This run is full.")
    except EnrolmentError as error:
        problem = str(error)
    response = render(
        request,
        "enrolment/enrol.html",
        {
            "run": run,
            "module": run.module,
            "sessions": run.sessions.all(),
            "seats_left": seats.seats_left(run),
            "problem": problem,
            "now": timezone.now(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def cancel(request, enrolment_id: int):
    """Cancel one's own enrolment (the service refuses others' and late cancellations)."""
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user), pk=enrolment_id)
    try:
        services.cancel_enrolment(enrolment, user=request.user, reason="cancelled by participant")
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your enrolment has been cancelled."))
    return redirect("portal:dashboard")
