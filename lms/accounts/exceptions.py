"""Domain errors of the accounts layer."""


class AccountError(Exception):
    """An account or membership change is not allowed; ``str(error)`` says why."""


class EmailTaken(AccountError):
    """An account with this e-mail address (in any letter case) exists already."""
