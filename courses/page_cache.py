"""Whole-page cache for anonymous visitors of the catalogue, module, institution and home pages.

Safe by construction:
- only anonymous GET/HEAD requests without pending messages are served from or stored in it;
- a response that used a CSRF token is never stored (anonymous pages carry none);
- entries live at most ``settings.PAGE_CACHE_SECONDS`` (default 5): run data (dates, seats left,
  whether enrolment is open) is never staler than that, also when nothing was edited;
- publishing, unpublishing, moving or deleting any page bumps a version that is part of every
  key, so editors see their change at once;
- keys include the language, the page and the full path with its query string.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "pagecache:version"
HEADERS_KEPT = ("Content-Type", "Content-Language")


def content_version() -> int:
    """The current content version (an integer that changes whenever pages change)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page (connected to Wagtail's page signals)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def _cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def _key(page, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"pagecache:{content_version()}:{page.pk}:{language}:{path}"


class AnonymousPageCacheMixin:
    """Mix into a Page class (before ``Page``) to cache its anonymous responses."""

    def serve(self, request, *args, **kwargs):
        if not _cacheable(request):
            return super().serve(request, *args, **kwargs)
        key = _key(self, request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ["Cookie"])
            return response
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        patch_vary_headers(response, ["Cookie"])
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_USED"):
            headers = {h: response[h] for h in HEADERS_KEPT if h in response}
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
