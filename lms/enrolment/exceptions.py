"""Domain errors of the enrolment layer. Their message is safe to show to the user."""


class EnrolmentError(Exception):
    """A requested enrolment transition is not allowed; ``str(error)`` says why."""
