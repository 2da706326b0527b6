"""The public booking request form, served by ``courses.TrainingFormatPage``'s routes.

Spam protection: a honeypot field (see the form) and a cache-based rate limit per client IP
(django-ratelimit), counted on every POST.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from . import services
from .exceptions import BookingError
from .forms import BookingRequestForm

#: At most this many request submissions per IP address per hour: enough for a colleague
#: or two behind one NAT, too few for a spam run.
REQUEST_RATE = "5/h"


def booking_request_view(request, page, template: str, thanks_url: str):
    """Show ``page`` with the booking form; on a valid POST save the request and redirect.

    Args:
        page: the ``TrainingFormatPage`` (its ``kind`` becomes the request's format kind).
        template: the page template, which includes the form.
        thanks_url: where to go after a successful submission.
    """
    form = BookingRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        limited = is_ratelimited(
            request,
            group="bookings.request",
            key="ip",
            rate=REQUEST_RATE,
            method="POST",
            increment=True,
        )
        if limited:
            form.add_error(None, _("Too many requests from your address. Please try later."))
            status = 429
        elif form.is_valid():
            try:
                services.submit_booking_request(
                    form.booking_data(),
                    format_page=page,
                    user=request.user,
                    language=translation.get_language() or "nl",
                )
            except BookingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you. We have received your request."))
                return redirect(thanks_url)
        else:
            status = 400
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, template, context, status=status)
