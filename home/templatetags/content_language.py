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


@register.simple_tag
def content_is_foreign() -> bool:
    """True when the interface is in another language than the programme content."""
    return _foreign()


@register.simple_tag
def audience_names(levels) -> str:
    """``levels`` (audience levels) as a comma-separated list in the interface language; a
    Dutch name shown in another language is marked ``lang="nl"``."""
    language = get_language()
    parts = [
        format_html('<span lang="{}">{}</span>', CONTENT_LANGUAGE, level.name)
        if level.is_dutch_in(language)
        else format_html("{}", level.name_for(language))
        for level in levels
    ]
    return mark_safe(", ".join(parts))
