"""Linking a booking request to a known organisation (the buyer).

A request is matched on KvK, OIN or name when it is submitted; one made before the
organisation existed, or under another spelling, stays unlinked until the programme team
links it here. Linking decides what the organisation's contacts see in their portal and whom
the invoice goes to.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .exceptions import BookingError
from .models import BookingRequest
from .transitions import lock_booking, require_team


def link_organisation(booking: BookingRequest, organisation, *, user) -> BookingRequest:
    """Link ``booking`` to ``organisation`` (programme team only), with an action-log entry.

    Raises:
        BookingError: the user is not in the programme team, or the request is already
            invoiced (the invoice's buyer is fixed).
    """
    require_team(user)
    with transaction.atomic():
        booking = lock_booking(booking.pk)
        if booking.state == BookingRequest.State.INVOICED:
            raise BookingError(_("An invoiced request keeps the organisation it was invoiced to."))
        previous = booking.organisation_id
        booking.organisation = organisation
        booking.save(update_fields=["organisation", "updated_at"])
        record(
            booking,
            "bookings.link_organisation",
            user=user,
            organisation=organisation.pk,
            previous=previous,
        )
    return booking
