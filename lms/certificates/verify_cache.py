"""The public verification page from the cache, for anonymous visitors.

An employer's lookup is one query and one template, but a QR code on a certificate that is
passed around, or a crawler, can ask for the same page many times a second. The rendered page
of a code is kept for ``settings.PAGE_CACHE_SECONDS`` (the anonymous page cache's lifetime:
the site's header and footer are never staler than on the catalogue) and dropped at once when
any certificate changes (revoked, name corrected, PDF stored: :func:`bump_version`, connected
to ``post_save`` and ``post_delete``), so a revocation shows on the next request.

Which requests it serves and stores is the anonymous page cache's rule
(``lms.accounts.cache_versions.anonymous_cacheable``);
the view checks its rate limit before it looks here, so the limit counts every lookup.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from lms.accounts import cache_versions

VERSION_KEY = "certverify:version"
HEADERS_KEPT = ("Content-Type", "Content-Language", "Cache-Control")


def bump_version(**kwargs) -> None:
    """Forget every cached verification page (a certificate was saved or deleted)."""
    cache_versions.bump_version(VERSION_KEY)


def _key(request, code: str) -> str:
    target = hashlib.sha256(f"{request.get_host()}|{code}".encode()).hexdigest()[:32]
    return f"certverify:{cache_versions.current_version(VERSION_KEY)}:{get_language()}:{target}"


def cached_response(request, code: str) -> HttpResponse | None:
    """The stored page of ``code`` (the normalised code) for this request, or ``None``."""
    if not cache_versions.anonymous_cacheable(request):
        return None
    stored = cache.get(_key(request, code))
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content, headers=headers)
    patch_vary_headers(response, ["Cookie"])
    return response


def store(request, code: str, response) -> None:
    """Keep ``response`` (a rendered 200 page of ``code``) when the request allows it."""
    if not cache_versions.anonymous_cacheable(request) or response.status_code != 200:
        return
    if request.META.get("CSRF_COOKIE_USED"):
        return
    patch_vary_headers(response, ["Cookie"])
    headers = {h: response[h] for h in HEADERS_KEPT if h in response}
    cache.set(_key(request, code), (response.content, headers), settings.PAGE_CACHE_SECONDS)
