"""The consumer's withdrawal function: a confirmation page, then the withdrawal service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.enrolment.models import Enrolment

from . import withdrawal
from .exceptions import BillingError
from .models import InvoiceLine
from .money import format_amount
from .providers import get_provider


@login_required
def withdraw(request, enrolment_id: int):
    """GET: what withdrawing means for this place (what is kept, what is refunded) and a
    confirm button. POST: withdraw through :func:`lms.billing.withdrawal.withdraw`.
    Only the person's own place; 404 otherwise."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("run"), pk=enrolment_id, user=request.user
    )
    now = timezone.now()
    if request.method == "POST":
        try:
            result = withdrawal.withdraw(enrolment, user=request.user, provider=get_provider())
        except BillingError as error:
            messages.error(request, str(error))
            return redirect("portal:dashboard")
        local = timezone.localtime(result.at)
        messages.success(
            request,
            _(
                "You withdrew from the agreement for %(title)s on %(date)s at %(time)s. "
                "We sent you a confirmation by e-mail."
            )
            % {
                "title": enrolment.run.display_title,
                "date": local.strftime("%d-%m-%Y"),
                "time": local.strftime("%H:%M"),
            },
        )
        return redirect("portal:dashboard")
    if not withdrawal.may_withdraw(enrolment, now):
        raise Http404
    line = InvoiceLine.objects.filter(enrolment=enrolment).last()
    express = enrolment.checkout.express_start
    fraction = withdrawal.delivered_fraction(enrolment.run, now) if express else 0
    kept = line.net_amount * fraction if line else 0
    response = render(
        request,
        "billing/portal/withdraw_confirm.html",
        {
            "enrolment": enrolment,
            "until": withdrawal.withdrawal_until(enrolment),
            "kept": format_amount(kept) if kept else "",
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
