"""Domain errors of billing. Messages are translated and fit for the person who asked."""


class BillingError(Exception):
    """A billing step was refused; nothing has changed."""
