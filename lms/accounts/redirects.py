"""The one check for a ``next`` parameter: a redirect goes to this site only, and only to a
path (never a bare word that ``redirect`` would try to reverse as a URL name)."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def next_on_site(request, value, default: str = "/") -> str:
    """``value`` when it is a URL on this site (a path starting with ``/``, or an absolute
    http(s) URL of this host; https when the request is), else ``resolve_url(default)``
    (``default`` a URL or URL name; "" gives ""). A non-string, a NUL byte or a bare word
    like ``mijn`` falls back to the default, so the result never reaches ``reverse``."""
    target = value.strip() if isinstance(value, str) else ""
    if (
        target
        and "\x00" not in target
        and target.startswith(("/", "http://", "https://"))
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(default) if default else ""


def safe_next(request, default: str = "/") -> str:
    """The ``next`` of ``request`` (POST first, then GET) through ``next_on_site``."""
    return next_on_site(request, request.POST.get("next") or request.GET.get("next"), default)
