"""The shared pieces of the whole-page caches for anonymous visitors (the CMS pages in
``courses.page_cache``, the certificate verification page in ``certificates.verify_cache``):
which requests may be served from them, and a version number per cache that is part of every
key, so bumping it forgets every entry at once."""

from django.conf import settings
from django.core.cache import cache


def anonymous_cacheable(request) -> bool:
    """Whether ``request`` may be answered from, or stored in, an anonymous page cache: page
    caching on (``PAGE_CACHE_SECONDS`` > 0), a GET or HEAD, not logged in, no pending
    messages, not a Wagtail preview."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not getattr(request, "is_preview", False)
    )


def current_version(key: str) -> int:
    """The version stored under the cache ``key`` (1 when none was stored yet)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, 1, timeout=None)
        version = cache.get(key) or 1
    return version


def bump_version(key: str) -> None:
    """Give ``key`` a new version, so every entry keyed on the old one is no longer found."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)
