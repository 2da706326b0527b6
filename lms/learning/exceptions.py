"""Domain errors of the learning layer. Their message is safe to show to the user."""


class LearningError(Exception):
    """A requested change of learning progress is not allowed; ``str(error)`` says why."""
