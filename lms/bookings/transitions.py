"""The steps every booking transition shares: lock the request, check who acts and the
state it is in, move it and record the move (action log and the e-mail it causes).

Below ``services``, ``quotes``, ``delivery`` and ``linking``, which all call these.
"""

from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .exceptions import BookingError
from .models import BookingRequest
from .notifications import notify_transition


def lock_booking(booking_id: int) -> BookingRequest:
    """The request ``booking_id``, read again and locked (``select_for_update``) until the
    transaction ends. Raises ``BookingRequest.DoesNotExist``."""
    return BookingRequest.objects.select_for_update().get(pk=booking_id)


def require_team(user) -> None:
    """Raises BookingError unless ``user`` is a logged-in member of the programme team."""
    if not (user and user.is_authenticated and user.is_programme_team):
        raise BookingError(_("Only the programme team can do this."))


def move(booking: BookingRequest, to_state: str, action: str, *, user, reason="", **data):
    """Save ``booking`` in ``to_state``, record ``action`` (with ``data``) and queue the
    transition's e-mail. Call it on a locked row, inside the service's transaction."""
    from_state = booking.state
    booking.state = to_state
    booking.save(update_fields=["state", "updated_at"])
    record(
        booking, action, user=user, from_state=from_state, to_state=to_state, reason=reason, **data
    )
    notify_transition(booking, to_state)
    return booking


def refuse_state(booking: BookingRequest, allowed) -> None:
    """Raises BookingError when ``booking`` is not in one of the ``allowed`` states."""
    if booking.state not in allowed:
        raise BookingError(
            _("A booking request that is %(state)s cannot take this step.")
            % {"state": booking.get_state_display().lower()}
        )
