"""The one invoice for a booking's accepted quote.

Integration point with ``lms.billing`` (issue 4), which is not merged yet. Until then the
transition to ``invoiced`` is refused with a clear message.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from .exceptions import BookingError


def invoice_accepted_quote(booking, *, user):
    """Issue the invoice for ``booking``'s accepted quote, inside the caller's transaction.

    Returns:
        The issued invoice (``None`` until billing provides one).

    Raises:
        BookingError: billing is not installed yet.
    """
    if not apps.is_installed("lms.billing"):
        raise BookingError(_("Invoicing is not available yet."))
    # TODO(billing merge): call lms.billing's invoice service with the quote's lines.
    return None
