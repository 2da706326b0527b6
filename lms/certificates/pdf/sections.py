"""The sections of the certificate page, each drawn by one function, in the order
:func:`~lms.certificates.pdf.render.render_certificate` calls them: the frame with QR code,
logo and site name at the top; then bottom-up the footer (verification code and URL, a
correction note), the signatory, the registers, the details row (date, study load, PE points,
expiry) with its rule; and last the main block (heading, holder, module, institution),
centred in the space left between the top and the details rule.

Every function takes a :class:`Page` and the y coordinates (pt from the page's bottom) the
sections below it left free, and returns the coordinate it leaves for the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .content import CertificateContent, RegisterLine, clean, format_date, format_decimal
from .fitting import Block, draw_block, draw_stack, fit
from .fonts import FONT_BOLD, FONT_REGULAR
from .geometry import (
    CENTRE_X,
    FOOTER_BOTTOM,
    LOGO_BOX,
    PAGE_HEIGHT,
    SIGNATURE_HEIGHT,
    SIGNATURE_MAX_WIDTH,
    TEXT_DARK,
    TEXT_MUTED,
    TEXT_WIDTH,
    draw_frame,
)
from .images import draw_image, draw_qr


@dataclass(frozen=True)
class Page:
    """What every section draws with: the canvas, the certificate's content, its language key
    and product text (a :data:`~lms.certificates.pdf.content.STRINGS` entry), its two colours
    and the cleaned holder name, module title, code and verification URL."""

    canvas: Canvas
    content: CertificateContent
    lang: str
    text: dict[str, str]
    primary: Color
    accent: Color
    holder: str
    module_title: str
    code: str
    verify_url: str


def draw_top(page: Page) -> bool:
    """The frame, the QR code (bottom right), the logo (top left) and the site name (top
    centre). Returns whether a logo was drawn."""
    content = page.content
    draw_frame(page.canvas, page.primary)
    if content.qr and page.verify_url:
        draw_qr(page.canvas, page.verify_url, TEXT_DARK)
    logo_x, logo_top, logo_w, logo_h = LOGO_BOX
    logo_y = PAGE_HEIGHT - logo_top - logo_h
    has_logo = bool(draw_image(page.canvas, content.logo, logo_x, logo_y, logo_w, logo_h))
    site_block = fit(
        clean(page.text["site_name"]), FONT_BOLD, 11, 11, color=page.primary, max_lines=1
    )
    draw_block(page.canvas, site_block, PAGE_HEIGHT - 50, CENTRE_X)
    return has_logo


def draw_footer(page: Page) -> float:
    """Bottom-up from ``FOOTER_BOTTOM``: the verification code, the verification URL and, for a
    corrected certificate, the correction note. Returns the footer's top."""
    text = page.text
    url_block = fit(
        clean(text["verify"].format(verify_url=page.verify_url)),
        FONT_REGULAR,
        9,
        7,
        color=TEXT_MUTED,
        max_lines=3,
    )
    code_label = clean(f"{text['code_label']} {page.code}")
    code_block = fit(code_label, FONT_BOLD, 10, 7, color=TEXT_DARK, max_lines=2, space_after=2)
    blocks = [code_block, url_block]
    if page.content.corrected_on is not None:
        note = text["corrected"].format(date=format_date(page.content.corrected_on, page.lang))
        blocks.append(fit(clean(note), FONT_REGULAR, 8, 7, color=TEXT_MUTED, max_lines=1))
    footer_top = FOOTER_BOTTOM + sum(block.height for block in blocks)
    draw_stack(page.canvas, blocks, footer_top, CENTRE_X)
    return footer_top


def draw_signatory(page: Page, band_top: float) -> float:
    """Above ``band_top``: the signatory's name and title with the signature image above them,
    when any of the three is given. Returns the new top of the band (``band_top`` if none)."""
    content = page.content
    signatory = clean(content.signatory_name)
    signatory_title = clean(content.signatory_title)
    if not (signatory or signatory_title or content.signature):
        return band_top
    band_bottom = band_top + 8
    blocks = [
        fit(signatory, FONT_BOLD, 10, 7, color=TEXT_DARK, max_lines=1),
        fit(signatory_title, FONT_REGULAR, 8, 7, color=TEXT_MUTED, max_lines=1),
    ]
    blocks = [block for block in blocks if not block.is_empty]
    sign_top = band_bottom + sum(block.height for block in blocks)
    draw_stack(page.canvas, blocks, sign_top, CENTRE_X)
    drawn = draw_image(
        page.canvas,
        content.signature,
        CENTRE_X,
        sign_top + 2,
        SIGNATURE_MAX_WIDTH,
        SIGNATURE_HEIGHT,
        anchor="s",
    )
    return sign_top + (SIGNATURE_HEIGHT + 2 if drawn else 0)


def _register_text(page: Page, line: RegisterLine) -> str:
    """One register's line: its name and points, then its accreditation and registration
    numbers when known, joined by middle dots."""
    text = page.text
    points = format_decimal(line.points, page.lang)
    parts = [text["register_line"].format(register=line.register, points=points)]
    if line.accreditation_number:
        parts.append(text["accreditation"].format(number=line.accreditation_number))
    if line.registration_number:
        parts.append(text["registration"].format(number=line.registration_number))
    return clean(" \u00b7 ".join(parts))


def draw_registers(page: Page, band_top: float) -> float:
    """8 pt above ``band_top``: one small line per register. Returns the new top of the band
    (``band_top`` without registers)."""
    if not page.content.registers:
        return band_top
    blocks = [
        fit(_register_text(page, line), FONT_REGULAR, 8, 7, color=TEXT_DARK, max_lines=2)
        for line in page.content.registers
    ]
    top = band_top + 8 + sum(block.height for block in blocks)
    draw_stack(page.canvas, blocks, top, CENTRE_X)
    return top


def _details(page: Page) -> list[tuple[str, str]]:
    """(label, value) of the details row: the completion date, and the study load, PE points
    and expiry when given."""
    content, text, lang = page.content, page.text, page.lang
    details = [(text["date_label"], format_date(content.completion_date, lang))]
    if content.study_load_hours is not None:
        hours = format_decimal(content.study_load_hours, lang)
        key = "hours_one" if content.study_load_hours == 1 else "hours_other"
        details.append((text["study_load_label"], text[key].format(hours=hours)))
    if content.pe_points is not None:
        details.append((text["pe_points_label"], format_decimal(content.pe_points, lang)))
    if content.valid_until is not None:
        details.append((text["valid_until_label"], format_date(content.valid_until, lang)))
    return details


def draw_details(page: Page, band_top: float, footer_top: float) -> float:
    """The details row in columns of at most 220 pt, 48 pt above the band (74 pt above the
    footer when nothing sits between them), with a light rule above. Returns the rule's y."""
    details = _details(page)
    column_width = min(220.0, TEXT_WIDTH / len(details))
    details_top = band_top + 48 if band_top > footer_top else footer_top + 74
    for index, (label, value) in enumerate(details):
        column_centre = CENTRE_X + (index - (len(details) - 1) / 2) * column_width
        label_block = fit(
            clean(label),
            FONT_REGULAR,
            9,
            7,
            color=TEXT_MUTED,
            max_lines=2,
            width=column_width - 16,
            space_after=2,
        )
        value_block = fit(
            clean(value), FONT_BOLD, 13, 8, color=TEXT_DARK, max_lines=2, width=column_width - 16
        )
        below_label = draw_block(page.canvas, label_block, details_top, column_centre)
        draw_block(page.canvas, value_block, below_label, column_centre)
    rule_y = details_top + 14
    page.canvas.setStrokeColor(page.accent)
    page.canvas.setLineWidth(0.6)
    rule_half = min(column_width * len(details), TEXT_WIDTH) / 2
    page.canvas.line(CENTRE_X - rule_half, rule_y, CENTRE_X + rule_half, rule_y)
    return rule_y


def _main_blocks(page: Page) -> list[Block]:
    """The main block's paragraphs: heading, intro, holder, "completed", module title and
    institution, each with its largest and smallest size, line limit and spacing (pt)."""
    text, primary = page.text, page.primary
    institution = clean(page.content.institution_name)
    offered_by = clean(text["offered_by"].format(institution=institution))
    # text, font, max size, min size, colour, max lines, leading ratio, space after
    specs = [
        (clean(text["heading"]), FONT_BOLD, 34, 20, primary, 1, 1.15, 26),
        (clean(text["intro"]), FONT_REGULAR, 13, 10, TEXT_MUTED, 2, 1.25, 8),
        (page.holder, FONT_BOLD, 30, 16, TEXT_DARK, 5, 1.2, 10),
        (clean(text["completed"]), FONT_REGULAR, 13, 10, TEXT_MUTED, 2, 1.25, 8),
        (page.module_title, FONT_BOLD, 20, 13, primary, 6, 1.25, 8),
        (offered_by, FONT_REGULAR, 13, 10, TEXT_MUTED, 3, 1.25, 0.0),
    ]
    return [
        fit(value, font, large, small, color=colour, max_lines=lines,
            leading_ratio=ratio, space_after=after)
        for value, font, large, small, colour, lines, ratio, after in specs
    ]  # fmt: skip


def draw_main(page: Page, has_logo: bool, rule_y: float) -> None:
    """The main block, vertically centred between the top (below the logo when there is one,
    so a wide title never runs into it) and 16 pt above the details rule; scaled down as a
    whole when it still does not fit. A short rule in the primary colour sits under the
    heading, inside its ``space_after``."""
    canvas = page.canvas
    blocks = _main_blocks(page)
    _, logo_top, _, logo_h = LOGO_BOX
    region_top = PAGE_HEIGHT - (logo_top + logo_h + 8 if has_logo else 70)
    region_bottom = rule_y + 16
    region_height = region_top - region_bottom
    total_height = sum(block.height for block in blocks)
    canvas.saveState()
    if total_height > region_height:
        # Last-resort safety net: shrink the whole block around the page centre.
        scale = region_height / total_height
        canvas.translate(CENTRE_X, region_top)
        canvas.scale(scale, scale)
        canvas.translate(-CENTRE_X, -region_top)
        top = region_top
    else:
        top = region_top - (region_height - total_height) / 2
    heading = blocks[0]
    y = draw_block(canvas, heading, top, CENTRE_X)
    canvas.setStrokeColor(page.primary)
    canvas.setLineWidth(1.4)
    accent_y = y + heading.space_after / 2 + 1
    canvas.line(CENTRE_X - 28, accent_y, CENTRE_X + 28, accent_y)
    draw_stack(canvas, blocks[1:], y, CENTRE_X)
    canvas.restoreState()
