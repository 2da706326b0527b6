"""robots.txt and the sitemap (Wagtail's, listing the live public pages)."""

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Personal pages, the admin and search results are not for search engines.
DISALLOWED = ("/account/", "/beheer/", "/zoeken/", "/mijn/", "/inschrijven/", "/facturen/")


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """robots.txt: everything public may be crawled except :data:`DISALLOWED`."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
