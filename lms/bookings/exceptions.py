"""Domain errors of the bookings layer. Their message is safe to show to the user."""


class BookingError(Exception):
    """A booking, quote or engagement change is not allowed; ``str(error)`` says why."""
