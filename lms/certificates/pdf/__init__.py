"""Render a course-completion certificate as a one-page A4 landscape PDF.

This package is deliberately free of Django: it takes a plain
:class:`CertificateContent` value and returns PDF bytes, so it can be used from
views, tasks and tests alike. The caller decides the language; the strings in
:data:`STRINGS` are product text, not gettext messages.

Fonts: DejaVu Sans (regular and bold) from ``lms/accounts/fonts/``, embedded
(subsetted) in every PDF so accented and non-Latin-1 names render everywhere
(:mod:`.fonts`).

Output is deterministic: rendering the same content twice gives identical bytes
(reportlab's ``invariant`` mode fixes the creation date and document id).

The parts: :mod:`.content` (the content value, product text, date and number formats),
:mod:`.fonts`, :mod:`.geometry` (page size, margins, colours, the frame), :mod:`.fitting`
(shrinking, wrapping and drawing text), :mod:`.images` (QR code, logo, signature),
:mod:`.sections` (one function per part of the page) and :mod:`.render`
(:func:`render_certificate`, which calls the sections in order).
"""

from .content import (
    STRINGS,
    CertificateContent,
    RegisterLine,
    format_date,
    format_decimal,
)
from .fonts import FONT_BOLD, FONT_REGULAR
from .geometry import PAGE_HEIGHT, PAGE_WIDTH, TEXT_MARGIN
from .render import render_certificate

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "STRINGS",
    "TEXT_MARGIN",
    "CertificateContent",
    "RegisterLine",
    "format_date",
    "format_decimal",
    "render_certificate",
]
