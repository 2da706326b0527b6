"""The head of every page: title, meta description, canonical link and Open Graph tags.

One place decides them for CMS pages and for the plain Django views (which have no ``page``).
"""

from django import template
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

DESCRIPTION_LENGTH = 160  # characters; what search engines show of a description


def site_description() -> str:
    """The site default, used where a page gives no description of its own."""
    return _(
        "Gebiedsschool is the learning platform of the Intensification Programme for "
        "Inner-City Area Transformation: courses, training and knowledge on area development."
    )


@register.simple_tag
def page_description(page=None) -> str:
    """The page's search description, else its intro (plain text, ≤ 160 characters), else the
    site default."""
    for text in (getattr(page, "search_description", ""), getattr(page, "intro", "")):
        plain = " ".join(strip_tags(text or "").split())
        if plain:
            return Truncator(plain).chars(DESCRIPTION_LENGTH)
    return site_description()


@register.simple_tag
def page_title(page=None) -> str:
    """The document title: "<page> – Gebiedsschool"; the home page (titled like the site) gets
    the site name and what it is, never "Gebiedsschool – Gebiedsschool"."""
    name = settings.WAGTAIL_SITE_NAME
    title = getattr(page, "seo_title", "") or getattr(page, "title", "")
    if not title:  # a plain Django view (no page, or an unrelated ``page`` in its context)
        return name
    if title == name:
        return _("%(site)s – learning platform for area transformation") % {"site": name}
    return f"{title} – {name}"


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The absolute address of this page without its query string, on the configured site."""
    request = context.get("request")
    path = request.path if request else "/"
    return settings.SITE_URL.rstrip("/") + path
