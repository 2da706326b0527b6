"""The one check for a ``next`` parameter: a redirect goes to this site only."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "/") -> str:
    """The ``next`` of ``request`` (POST first, then GET) when it points to this site (same
    host, http(s) only, https when the request is), else ``default`` (a URL or URL name)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    target = target.strip() if isinstance(target, str) else ""
    if (
        target
        and "\x00" not in target
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return resolve_url(default)
