"""Bad input that no view should see: a NUL byte (``\\x00``) in the path, the query string or
a form value. PostgreSQL refuses NUL in text (psycopg raises ``DataError``), so without this
check any filter, token or code that reaches a query would answer 500. Such a request is
answered 400 with the site's own page (``templates/400.html``), the same page Django shows for
other bad requests (``handler400`` in ``lms/urls.py``)."""

from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils import translation

from .middleware import request_language

NUL = "\x00"


def _has_nul(query) -> bool:
    """True when a key or value of the ``QueryDict`` ``query`` holds a NUL byte."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def has_nul_input(request) -> bool:
    """True when ``request``'s path, query string or urlencoded/multipart form values (not
    uploaded files) hold a NUL byte. A body Django cannot parse raises as it would in the
    view (a ``SuspiciousOperation`` becomes Django's 400)."""
    if NUL in request.path or _has_nul(request.GET):
        return True
    if request.method != "POST":
        return False
    return _has_nul(request.POST)


def bad_request(request, exception=None):
    """The 400 page in the site's layout and the visitor's language (``handler400``; also
    when the error came before ``UserLanguageMiddleware`` chose it)."""
    language = getattr(request, "LANGUAGE_CODE", None) or request_language(request)
    with translation.override(language):
        body = loader.render_to_string("400.html", request=request)
    response = HttpResponseBadRequest(body)
    response["Cache-Control"] = "private, no-store"
    return response


class RejectNulInputMiddleware:
    """Answers 400 (``bad_request``) before any view when ``has_nul_input``; placed right
    after the language is chosen, so the page speaks the visitor's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul_input(request):
            return bad_request(request)
        return self.get_response(request)
