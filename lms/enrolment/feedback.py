"""How the enrolment pages (public and admin) answer a service call: a refusal becomes an
error message, success a success message (Django's messages framework)."""

from collections.abc import Callable

from django.contrib import messages

from .exceptions import EnrolmentError


def report(request, step: Callable[[], object], success: str) -> bool:
    """Call ``step()`` (a service call); show its :class:`EnrolmentError` as an error message
    on ``request``, else ``success`` (a translated text) as a success message.

    Returns:
        True when the step went through, False when it was refused (nothing changed).
    """
    try:
        step()
    except EnrolmentError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True
