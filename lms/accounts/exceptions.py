"""Domain errors of the accounts layer."""


class AccountError(Exception):
    """An account or membership change is not allowed; ``str(error)`` says why."""
