"""Newsletter links from the mails: confirm (double opt-in) and unsubscribe.

GET shows a button, POST acts, so a mail scanner that opens links changes nothing.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import newsletter


def _page(request, heading, message, status=200, action=None):
    response = render(
        request,
        "accounts/newsletter/result.html",
        {"heading": heading, "message": message, "action": action},
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def confirm(request, signed):
    """Confirm a newsletter subscription (``signed``: the token from the confirmation mail)."""
    if request.method != "POST":
        return _page(
            request,
            _("Confirm your subscription"),
            _("Press the button to confirm your newsletter subscription."),
            action=pgettext("newsletter", "Confirm"),
        )
    try:
        newsletter.confirm(signed)
    except newsletter.NewsletterError as error:
        return _page(request, _("This link does not work"), str(error), status=400)
    return _page(
        request, _("Subscription confirmed"), _("Thank you: you will receive our newsletter.")
    )


def unsubscribe(request, token):
    """End a newsletter subscription (``token``: from the link in every mail)."""
    if request.method != "POST":
        return _page(
            request,
            _("Unsubscribe"),
            _("Press the button to stop receiving the newsletter."),
            action=_("Unsubscribe"),
        )
    try:
        newsletter.unsubscribe(token)
    except newsletter.NewsletterError as error:
        return _page(request, _("This link does not work"), str(error), status=400)
    return _page(
        request, _("You have been unsubscribed"), _("You will no longer receive our newsletter.")
    )
