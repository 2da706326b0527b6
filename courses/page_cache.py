"""Whole-page cache for anonymous visitors of the catalogue, module, institution and home pages.

The pages store their responses (:class:`AnonymousPageCacheMixin`); a middleware answers
later requests for the same address before Wagtail routes them.

Safe by construction:
- only anonymous GET/HEAD requests without pending messages are served from or stored in it;
- a response that used a CSRF token is never stored (anonymous pages carry none);
- entries live at most ``settings.PAGE_CACHE_SECONDS`` (default 5): run data (dates, seats left,
  whether enrolment is open) is never staler than that, also when nothing was edited;
- publishing, unpublishing, moving or deleting any page bumps a version that is part of every
  key, so editors see their change at once;
- keys include the language, the host and the full path with its query string.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from lms.accounts.cache_versions import anonymous_cacheable, bump_version, current_version

VERSION_KEY = "pagecache:version"
HEADERS_KEPT = ("Content-Type", "Content-Language")


def content_version() -> int:
    """The current content version (an integer that changes whenever pages change)."""
    return current_version(VERSION_KEY)


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page (connected to Wagtail's page signals)."""
    bump_version(VERSION_KEY)


def _key(request) -> str:
    target = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(target.encode()).hexdigest()[:32]
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"pagecache:{content_version()}:{language}:{path}"


class AnonymousPageCacheMiddleware:
    """Answers a cacheable request from the cache before Wagtail routes it (no database query
    on a hit). Only responses that a page marked with :class:`AnonymousPageCacheMixin` stored
    are ever found here. Place it after the authentication and language middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if anonymous_cacheable(request):
            stored = cache.get(_key(request))
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content, headers=headers)
                response["X-Page-Cache"] = "hit"
                patch_vary_headers(response, ["Cookie"])
                return response
        return self.get_response(request)


class AnonymousPageCacheMixin:
    """Mix into a Page class (before ``Page``) to cache its anonymous responses."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if not anonymous_cacheable(request):
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        patch_vary_headers(response, ["Cookie"])
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_USED"):
            headers = {h: response[h] for h in HEADERS_KEPT if h in response}
            cache.set(_key(request), (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
