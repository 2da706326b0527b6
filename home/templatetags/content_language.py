"""Programme content (page titles, intros, bodies) exists only in Dutch. In English mode it is
marked ``lang="nl"`` (WCAG 3.1.2, so screen readers switch voice) and a short note says so."""

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

CONTENT_LANGUAGE = settings.LANGUAGE_CODE  # the language editors write in


def _foreign() -> bool:
    return (get_language() or CONTENT_LANGUAGE) != CONTENT_LANGUAGE


@register.simple_tag
def content_lang() -> str:
    """`` lang="nl"`` for an element holding programme content, when the interface is in
    another language; otherwise nothing."""
    return mark_safe(f' lang="{CONTENT_LANGUAGE}"') if _foreign() else ""


@register.simple_tag
def content_language_note() -> str:
    """A one-line note under the heading, in English mode only."""
    if not _foreign():
        return ""
    return format_html(
        '<p class="content-language-note">{}</p>', _("This content is available in Dutch only.")
    )
