"""Domain errors of the bookings layer. Their message is safe to show to the user."""


class BookingError(Exception):
    """A booking, quote or engagement change is not allowed; ``str(error)`` says why."""


class VatChangeNeedsConfirmation(BookingError):
    """The VAT on the delivery date differs from the accepted quote; staff must confirm it
    (see ``lms.bookings.invoicing.vat_changes``) before the invoice is issued."""
