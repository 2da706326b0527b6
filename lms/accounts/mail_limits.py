"""Rate limits on the mails a visitor can make the site send (password reset, sign-up,
resend-verification, newsletter sign-up), per recipient address and per client address
(django-ratelimit; the client address from :func:`lms.accounts.client_ip.client_ip`).

Every request counts, whether or not the address has an account, so the limit itself tells
nobody whether an address is known.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from .models import normalise_email

#: The message a limited visitor sees (HTTP 429).
LIMITED_MESSAGE = _("Too many e-mails were requested. Please wait a while and try again.")


def mail_limited(request, kind: str, address: str) -> bool:
    """Count one request for a mail of ``kind`` (e.g. ``"password_reset"``) to ``address``
    and say whether it is over the limit: ``MAIL_RATE_PER_ADDRESS`` for the recipient,
    ``MAIL_RATE_PER_CLIENT`` for the client address (django-ratelimit rates such as
    ``"3/h"``). Both counters grow on every call."""
    recipient = normalise_email(address)[:254] or "-"
    by_address = is_ratelimited(
        request,
        group=f"mail.{kind}.address",
        key=lambda _group, _request: recipient,
        rate=settings.MAIL_RATE_PER_ADDRESS,
        increment=True,
    )
    by_client = is_ratelimited(
        request,
        group=f"mail.{kind}.client",
        key="ip",
        rate=settings.MAIL_RATE_PER_CLIENT,
        increment=True,
    )
    return by_address or by_client
