"""Render a certificate: open the page, then draw its sections (:mod:`.sections`) bottom-up
below the top, so the main block gets the space that is left."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from .content import STRINGS, CertificateContent, clean, language_key
from .fonts import FONT_REGULAR
from .geometry import LINTBLAUW, PAGE_HEIGHT, PAGE_WIDTH, RULE_LIGHT, colour
from .sections import (
    Page,
    draw_details,
    draw_footer,
    draw_main,
    draw_registers,
    draw_signatory,
    draw_top,
)


def _open_page(buffer: io.BytesIO, content: CertificateContent) -> Page:
    """A canvas writing to ``buffer`` with the document metadata set (title, author, subject,
    creator, producer), and the cleaned texts and colours of ``content``."""
    lang = language_key(content.language)
    text = STRINGS[lang]
    holder = clean(content.holder_name)
    module_title = clean(content.module_title)
    code = clean(content.code)
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        invariant=1,
        pageCompression=1,
        lang=lang,
        # Without this the canvas declares (unembedded) Helvetica as its initial font.
        initialFontName=FONT_REGULAR,
        initialFontSize=10,
    )
    canvas.setTitle(clean(text["document_title"].format(module_title=module_title)))
    canvas.setAuthor(clean(text["site_name"]))
    canvas.setSubject(clean(f"{holder} \u2013 {code}"))
    canvas.setCreator(clean(text["site_name"]))
    canvas.setProducer(clean(text["site_name"]))
    return Page(
        canvas=canvas,
        content=content,
        lang=lang,
        text=text,
        primary=colour(content.primary_colour, LINTBLAUW),
        accent=colour(content.accent_colour, RULE_LIGHT),
        holder=holder,
        module_title=module_title,
        code=code,
        verify_url=clean(content.verify_url),
    )


def render_certificate(content: CertificateContent) -> bytes:
    """Render a certificate as PDF.

    Args:
        content: the texts, date, optional study load (hours) and PE points, registers,
            expiry, signatory, images and colours, the verification code and URL, and the
            language (``"nl"`` or ``"en"``). All text is NFC-normalised and its whitespace
            collapsed before drawing.

    Returns:
        The bytes of a one-page A4 landscape PDF (841.89 x 595.28 pt), with DejaVu
        Sans embedded and the title/author metadata set. Identical input gives
        identical bytes.

    Raises:
        ValueError: for an unsupported ``language``.

    Long names (200 characters) and module titles (300 characters) are shrunk to a
    minimum font size (16 pt / 13 pt) and then wrapped onto several lines, never cut.
    Text far beyond those lengths is cut with an ellipsis after 5 (name) or 6 (title)
    lines and the main block is scaled down if it still does not fit: no text is
    ever drawn outside the page margins.
    """
    buffer = io.BytesIO()
    page = _open_page(buffer, content)
    has_logo = draw_top(page)
    footer_top = draw_footer(page)
    band_top = draw_signatory(page, footer_top)
    band_top = draw_registers(page, band_top)
    rule_y = draw_details(page, band_top, footer_top)
    draw_main(page, has_logo, rule_y)
    page.canvas.showPage()
    page.canvas.save()
    return buffer.getvalue()
