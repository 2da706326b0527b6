"""Render a course-completion certificate as a one-page A4 landscape PDF.

This module is deliberately free of Django: it takes a plain
:class:`CertificateContent` value and returns PDF bytes, so it can be used from
views, tasks and tests alike. The caller decides the language; the strings in
:data:`STRINGS` are product text, not gettext messages.

Fonts: DejaVu Sans (regular and bold) from ``fonts/`` next to this file, embedded
(subsetted) in every PDF so accented and non-Latin-1 names render everywhere.
Licence: ``fonts/LICENSE-DejaVu.txt``.

Output is deterministic: rendering the same content twice gives identical bytes
(reportlab's ``invariant`` mode fixes the creation date and document id).
"""

from __future__ import annotations

import datetime
import decimal
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import segno
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "FONT_BOLD",
    "FONT_REGULAR",
    "STRINGS",
    "CertificateContent",
    "RegisterLine",
    "format_date",
    "format_decimal",
    "render_certificate",
]

# --------------------------------------------------------------------------------------------
# Product text, one dict per language. Placeholders are filled with str.format().
# --------------------------------------------------------------------------------------------

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "site_name": "Gebiedsschool",
        "heading": "Certificaat",
        "intro": "Hierbij verklaren wij dat",
        "completed": "met goed gevolg de module heeft afgerond",
        "offered_by": "aangeboden door {institution}",
        "date_label": "Datum van afronding",
        "study_load_label": "Studiebelasting",
        "hours_one": "{hours} uur",
        "hours_other": "{hours} uur",
        "pe_points_label": "PE-punten",
        "code_label": "Verificatiecode:",
        "verify": "Controleer dit certificaat op {verify_url}",
        "document_title": "Certificaat \u2013 {module_title}",
        "valid_until_label": "Geldig tot",
        "register_line": "{register}: {points} PE-punten",
        "accreditation": "accreditatienummer {number}",
        "registration": "registratienummer {number}",
        "corrected": "Naam gecorrigeerd op {date}",
    },
    "en": {
        "site_name": "Gebiedsschool",
        "heading": "Certificate",
        "intro": "This is to certify that",
        "completed": "has successfully completed the module",
        "offered_by": "offered by {institution}",
        "date_label": "Date of completion",
        "study_load_label": "Study load",
        "hours_one": "{hours} hour",
        "hours_other": "{hours} hours",
        "pe_points_label": "PE points",
        "code_label": "Verification code:",
        "verify": "Verify this certificate at {verify_url}",
        "document_title": "Certificate \u2013 {module_title}",
        "valid_until_label": "Valid until",
        "register_line": "{register}: {points} PE points",
        "accreditation": "accreditation number {number}",
        "registration": "registration number {number}",
        "corrected": "Name corrected on {date}",
    },
}

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

DECIMAL_SEPARATOR: dict[str, str] = {"nl": ",", "en": "."}

# --------------------------------------------------------------------------------------------
# Fonts: registered once, at import.
# --------------------------------------------------------------------------------------------

FONT_REGULAR = "GS-Sans"
FONT_BOLD = "GS-Sans-Bold"
_FONT_DIR = Path(__file__).resolve().parent / "fonts"

pdfmetrics.registerFont(TTFont(FONT_REGULAR, str(_FONT_DIR / "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_FONT_DIR / "DejaVuSans-Bold.ttf")))
pdfmetrics.registerFontFamily(
    FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_REGULAR, boldItalic=FONT_BOLD
)

# --------------------------------------------------------------------------------------------
# Layout constants (PDF points, 1 pt = 1/72 inch).
# --------------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)  # 841.89 x 595.28 pt

LINTBLAUW = HexColor("#154273")  # Rijkshuisstijl "lintblauw"
TEXT_DARK = HexColor("#1b1b1b")
TEXT_MUTED = HexColor("#4f5a66")
RULE_LIGHT = HexColor("#b6c4d4")

BORDER_OUTER_INSET = 24.0
BORDER_INNER_INSET = 30.0
TEXT_MARGIN = 96.0  # left/right margin for all text
TEXT_WIDTH = PAGE_WIDTH - 2 * TEXT_MARGIN

ELLIPSIS = "\u2026"


@dataclass(frozen=True)
class RegisterLine:
    """One professional register on the certificate: its name, the PE points (``Decimal``) it
    awards, the module's accreditation number there and the holder's registration number."""

    register: str
    points: decimal.Decimal
    accreditation_number: str = ""
    registration_number: str = ""


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate.

    ``pe_points`` and ``study_load_hours`` are optional; when ``None`` they are left
    out. ``study_load_hours`` is in hours. ``code`` is printed as given (already
    grouped, e.g. ``"7KQ2-M9XP-4TRD-HW3C"``). ``language`` is a key of
    :data:`STRINGS` (``"nl"`` or ``"en"``; a region suffix such as ``"en-GB"`` is
    accepted). ``registers`` lists the registers with their points and numbers;
    ``valid_until`` is printed when the certificate expires; ``corrected_on`` adds a note of a
    name correction. ``logo`` and ``signature`` are image file bytes (PNG or JPEG) or ``None``;
    colours are ``"#rrggbb"`` or ``None`` for the house style. ``qr`` draws a QR code of
    ``verify_url``.
    """

    holder_name: str
    module_title: str
    institution_name: str
    completion_date: datetime.date
    pe_points: decimal.Decimal | None
    study_load_hours: decimal.Decimal | None
    code: str
    verify_url: str
    language: str = "nl"
    registers: tuple[RegisterLine, ...] = ()
    valid_until: datetime.date | None = None
    corrected_on: datetime.date | None = None
    signatory_name: str = ""
    signatory_title: str = ""
    logo: bytes | None = None
    signature: bytes | None = None
    primary_colour: str | None = None
    accent_colour: str | None = None
    qr: bool = True


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------


def _language_key(language: str) -> str:
    key = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if key not in STRINGS:
        supported = ", ".join(sorted(STRINGS))
        raise ValueError(f"Unsupported certificate language {language!r} (supported: {supported})")
    return key


def _clean(text: str) -> str:
    """NFC-normalise and collapse all whitespace (incl. newlines/tabs) to single spaces."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def format_date(value: datetime.date, language: str = "nl") -> str:
    """Format a date as "29 november 2026" (nl) or "29 November 2026" (en).

    Args:
        value: the date (a ``datetime`` is accepted; only its date part is used).
        language: ``"nl"`` or ``"en"``.

    Returns:
        Day without leading zero, full month name, four-digit year. Locale-independent.
    """
    months = MONTH_NAMES[_language_key(language)]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_decimal(value: decimal.Decimal | int | float | str, language: str = "nl") -> str:
    """Format a number without trailing zeros, with the language's decimal separator.

    Args:
        value: the number, normally a ``Decimal`` (``Decimal("12.0")``, ``Decimal("4.50")``).
        language: ``"nl"`` (decimal comma) or ``"en"`` (decimal point).

    Returns:
        ``"12"`` for 12.0, ``"4,5"`` (nl) / ``"4.5"`` (en) for 4.50. No thousands
        separators and never exponent notation.

    Raises:
        ValueError: if ``value`` is not a finite number.
    """
    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"Cannot format non-finite number {value!r}")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", DECIMAL_SEPARATOR[_language_key(language)])


# --------------------------------------------------------------------------------------------
# Text fitting
# --------------------------------------------------------------------------------------------


def _width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _hard_break(word: str, font: str, size: float, max_width: float) -> list[str]:
    """Split a single word that is wider than ``max_width`` at character boundaries."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and _width(current + char, font, size) > max_width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Word-wrap with simpleSplit, then break any still-too-wide line (long words, URLs)."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, max_width):
        if _width(line, font, size) <= max_width:
            lines.append(line)
            continue
        # A line only overflows when it is a single word longer than the width, or a
        # word that did not fit after others: re-flow it word by word.
        current = ""
        for word in line.split(" "):
            candidate = f"{current} {word}" if current else word
            if _width(candidate, font, size) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _hard_break(word, font, size, max_width)
            lines.extend(pieces[:-1])
            current = pieces[-1]
        if current:
            lines.append(current)
    return lines or [""]


def _truncate(lines: list[str], max_lines: int, font: str, size: float, width: float) -> list[str]:
    """Keep at most ``max_lines`` lines; end the last kept line with an ellipsis."""
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1].rstrip()
    while last and _width(last + ELLIPSIS, font, size) > width:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return kept


@dataclass(frozen=True)
class _Block:
    """One centred paragraph: its lines already fitted to the text width."""

    lines: tuple[str, ...]
    font: str
    size: float
    color: Color
    leading: float
    space_after: float = 0.0

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading + self.space_after


def _fit(
    text: str,
    font: str,
    max_size: float,
    min_size: float,
    *,
    color: Color,
    max_lines: int,
    width: float = TEXT_WIDTH,
    leading_ratio: float = 1.25,
    space_after: float = 0.0,
) -> _Block:
    """Fit ``text`` in ``width``: shrink from ``max_size`` to ``min_size``, then wrap.

    Wrapping happens only at ``min_size``; beyond ``max_lines`` lines the text is cut
    with an ellipsis (only for input far beyond the documented length limits).
    """
    size = max_size
    while size >= min_size:
        if _width(text, font, size) <= width:
            return _Block((text,), font, size, color, size * leading_ratio, space_after)
        size -= 0.5
    lines = _wrap(text, font, min_size, width)
    lines = _truncate(lines, max_lines, font, min_size, width)
    return _Block(tuple(lines), font, min_size, color, min_size * leading_ratio, space_after)


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _draw_block(canvas: Canvas, block: _Block, top: float, centre_x: float) -> float:
    """Draw ``block`` centred on ``centre_x`` starting at ``top``; return the new top."""
    canvas.setFillColor(block.color)
    # One text object per block (not one per line): fewer operators to build and write.
    text = canvas.beginText()
    text.setFont(block.font, block.size)
    y = top
    for line in block.lines:
        y -= block.leading
        # Baseline: leave the descender (~0.24 em for DejaVu) plus half the extra leading.
        baseline = y + (block.leading - block.size) / 2 + 0.24 * block.size
        width = pdfmetrics.stringWidth(line, block.font, block.size)
        text.setTextOrigin(centre_x - width / 2, baseline)
        text.textOut(line)
    canvas.drawText(text)
    return y - block.space_after


def _draw_frame(canvas: Canvas, colour: Color) -> None:
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.6)
    outer = BORDER_OUTER_INSET
    canvas.rect(outer, outer, PAGE_WIDTH - 2 * outer, PAGE_HEIGHT - 2 * outer)
    canvas.setLineWidth(0.5)
    inner = BORDER_INNER_INSET
    canvas.rect(inner, inner, PAGE_WIDTH - 2 * inner, PAGE_HEIGHT - 2 * inner)


# --------------------------------------------------------------------------------------------
# QR code and images: computed once per distinct input and reused across certificates.
# --------------------------------------------------------------------------------------------

QR_SIZE = 62.0  # pt, printed edge of the symbol without its quiet zone
QR_INSET = 40.0  # pt from the page's bottom-right corner
LOGO_BOX = (44.0, 40.0, 120.0, 40.0)  # x from left, y from top, max width, max height (pt)
SIGNATURE_HEIGHT = 30.0
SIGNATURE_MAX_WIDTH = 140.0


#: QR mask pattern. Any of the eight is valid for every reader; fixing one skips segno's
#: search for the "best" mask, which costs more than drawing the whole certificate.
QR_MASK = 2


def _qr_path(data: str) -> tuple[int, str]:
    """The QR symbol of ``data``: (modules per side, PDF path operators in module units).

    One ``re`` operator per horizontal run of dark modules, with integer coordinates (row 0
    at the top, so the caller flips the y axis); all runs together form one path.
    """
    matrix = segno.make(data, error="m", micro=False, mask=QR_MASK).matrix
    parts = []
    for row_index, row in enumerate(matrix):
        start = None
        for col, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                parts.append(f"{start} {row_index} {col - start} 1 re")
                start = None
    return len(matrix), " ".join(parts)


def _draw_qr(canvas: Canvas, data: str, colour: Color) -> None:
    """Draw the QR code of ``data`` in the bottom-right corner as one filled path."""
    modules, operators = _qr_path(data)
    unit = QR_SIZE / modules
    left = PAGE_WIDTH - QR_INSET - QR_SIZE
    top = QR_INSET + QR_SIZE
    canvas.saveState()
    canvas.setFillColor(colour)
    # Module units, y pointing down from the symbol's top-left corner.
    canvas.transform(unit, 0, 0, -unit, left, top)
    canvas.addLiteral(f"{operators} f")
    canvas.restoreState()


_IMAGE_READERS: dict[bytes, object] = {}
#: Longest side of an image as embedded: about 250 dpi over the largest box (140 pt).
IMAGE_MAX_PIXELS = 480


def _prepare_image(data: bytes):
    """Image bytes → a reportlab ImageReader of a flattened (on white), downscaled JPEG.

    Done once per distinct image: a JPEG is embedded as it is, so every later certificate
    copies its bytes instead of decoding and re-compressing pixels.
    """
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(io.BytesIO(data)) as source:
        source.load()
        image = source.convert("RGBA")
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    flat.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    buffer = io.BytesIO()
    flat.save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    reader = ImageReader(buffer)
    reader.getRGBData()  # decode once; drawImage's digest reuses it
    return reader


def _image_reader(data: bytes):
    """A cached ImageReader for image bytes, or ``None`` for bytes that are no image."""
    reader = _IMAGE_READERS.get(data)
    if reader is None:
        if len(_IMAGE_READERS) > 32:
            _IMAGE_READERS.clear()
        try:
            reader = _prepare_image(data)
        except Exception:  # noqa: BLE001 - a broken image is left out, never fatal
            reader = False
        _IMAGE_READERS[data] = reader
    return reader or None


def _draw_image(canvas: Canvas, data: bytes | None, x, y, max_w, max_h, anchor="sw") -> float:
    """Draw an image scaled into ``max_w`` x ``max_h``; return its drawn width (0 if none)."""
    reader = _image_reader(data) if data else None
    if reader is None:
        return 0.0
    width, height = reader.getSize()
    scale = min(max_w / width, max_h / height)
    drawn_w, drawn_h = width * scale, height * scale
    if anchor == "s":
        x -= drawn_w / 2
    canvas.drawImage(reader, x, y, drawn_w, drawn_h)
    return drawn_w


def _colour(value: str | None, default: Color) -> Color:
    try:
        return HexColor(value) if value else default
    except (ValueError, TypeError):
        return default


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
    lang = _language_key(content.language)
    text = STRINGS[lang]
    holder = _clean(content.holder_name)
    module_title = _clean(content.module_title)
    institution = _clean(content.institution_name)
    code = _clean(content.code)
    verify_url = _clean(content.verify_url)
    primary = _colour(content.primary_colour, LINTBLAUW)
    accent = _colour(content.accent_colour, RULE_LIGHT)

    buffer = io.BytesIO()
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
    canvas.setTitle(_clean(text["document_title"].format(module_title=module_title)))
    canvas.setAuthor(_clean(text["site_name"]))
    canvas.setSubject(_clean(f"{holder} \u2013 {code}"))
    canvas.setCreator(_clean(text["site_name"]))
    canvas.setProducer(_clean(text["site_name"]))

    _draw_frame(canvas, primary)
    centre_x = PAGE_WIDTH / 2
    if content.qr and verify_url:
        _draw_qr(canvas, verify_url, TEXT_DARK)
    logo_x, logo_top, logo_w, logo_h = LOGO_BOX
    has_logo = bool(
        _draw_image(canvas, content.logo, logo_x, PAGE_HEIGHT - logo_top - logo_h, logo_w, logo_h)
    )

    # Site name, small, at the top.
    site_block = _fit(_clean(text["site_name"]), FONT_BOLD, 11, 11, color=primary, max_lines=1)
    _draw_block(canvas, site_block, PAGE_HEIGHT - 50, centre_x)

    # ---- Footer (bottom-up): verification code and URL, and a correction note. ----------
    url_block = _fit(
        _clean(text["verify"].format(verify_url=verify_url)),
        FONT_REGULAR,
        9,
        7,
        color=TEXT_MUTED,
        max_lines=3,
    )
    code_block = _fit(
        _clean(f"{text['code_label']} {code}"),
        FONT_BOLD,
        10,
        7,
        color=TEXT_DARK,
        max_lines=2,
        space_after=2,
    )
    footer_blocks = [code_block, url_block]
    if content.corrected_on is not None:
        note = text["corrected"].format(date=format_date(content.corrected_on, lang))
        footer_blocks.append(_fit(_clean(note), FONT_REGULAR, 8, 7, color=TEXT_MUTED, max_lines=1))
    footer_bottom = 46.0
    footer_top = footer_bottom + sum(block.height for block in footer_blocks)
    y = footer_top
    for block in footer_blocks:
        y = _draw_block(canvas, block, y, centre_x)
    band_top = footer_top

    # ---- Signatory: signature image above the name and title. ---------------------------
    signatory = _clean(content.signatory_name)
    signatory_title = _clean(content.signatory_title)
    if signatory or signatory_title or content.signature:
        band_bottom = band_top + 8
        sign_blocks = [
            _fit(signatory, FONT_BOLD, 10, 7, color=TEXT_DARK, max_lines=1),
            _fit(signatory_title, FONT_REGULAR, 8, 7, color=TEXT_MUTED, max_lines=1),
        ]
        text_height = sum(block.height for block in sign_blocks if block.lines != ("",))
        y = band_bottom + text_height
        for block in sign_blocks:
            if block.lines != ("",):
                y = _draw_block(canvas, block, y, centre_x)
        sign_top = band_bottom + text_height
        drawn = _draw_image(
            canvas,
            content.signature,
            centre_x,
            sign_top + 2,
            SIGNATURE_MAX_WIDTH,
            SIGNATURE_HEIGHT,
            anchor="s",
        )
        band_top = sign_top + (SIGNATURE_HEIGHT + 2 if drawn else 0)

    # ---- Registers: one small line per register. ----------------------------------------
    if content.registers:
        lines = []
        for line in content.registers:
            parts = [
                text["register_line"].format(
                    register=line.register, points=format_decimal(line.points, lang)
                )
            ]
            if line.accreditation_number:
                parts.append(text["accreditation"].format(number=line.accreditation_number))
            if line.registration_number:
                parts.append(text["registration"].format(number=line.registration_number))
            lines.append(
                _fit(
                    _clean(" \u00b7 ".join(parts)), FONT_REGULAR, 8, 7, color=TEXT_DARK, max_lines=2
                )
            )
        y = band_top + 8 + sum(block.height for block in lines)
        band_top = y
        for block in lines:
            y = _draw_block(canvas, block, y, centre_x)

    # ---- Details row: date, study load, PE points, expiry. ------------------------------
    details: list[tuple[str, str]] = [
        (text["date_label"], format_date(content.completion_date, lang))
    ]
    if content.study_load_hours is not None:
        hours = format_decimal(content.study_load_hours, lang)
        key = "hours_one" if content.study_load_hours == 1 else "hours_other"
        details.append((text["study_load_label"], text[key].format(hours=hours)))
    if content.pe_points is not None:
        details.append((text["pe_points_label"], format_decimal(content.pe_points, lang)))
    if content.valid_until is not None:
        details.append((text["valid_until_label"], format_date(content.valid_until, lang)))

    column_width = min(220.0, TEXT_WIDTH / len(details))
    details_top = band_top + 48 if band_top > footer_top else footer_top + 74
    for index, (label, value) in enumerate(details):
        column_centre = centre_x + (index - (len(details) - 1) / 2) * column_width
        label_block = _fit(
            _clean(label),
            FONT_REGULAR,
            9,
            7,
            color=TEXT_MUTED,
            max_lines=2,
            width=column_width - 16,
            space_after=2,
        )
        value_block = _fit(
            _clean(value),
            FONT_BOLD,
            13,
            8,
            color=TEXT_DARK,
            max_lines=2,
            width=column_width - 16,
        )
        below_label = _draw_block(canvas, label_block, details_top, column_centre)
        _draw_block(canvas, value_block, below_label, column_centre)

    rule_y = details_top + 14
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(0.6)
    rule_half = min(column_width * len(details), TEXT_WIDTH) / 2
    canvas.line(centre_x - rule_half, rule_y, centre_x + rule_half, rule_y)

    # ---- Main block, vertically centred between the site name and the details rule. ----
    blocks = [
        _fit(
            _clean(text["heading"]),
            FONT_BOLD,
            34,
            20,
            color=primary,
            max_lines=1,
            leading_ratio=1.15,
            space_after=26,
        ),
        _fit(
            _clean(text["intro"]),
            FONT_REGULAR,
            13,
            10,
            color=TEXT_MUTED,
            max_lines=2,
            space_after=8,
        ),
        _fit(
            holder,
            FONT_BOLD,
            30,
            16,
            color=TEXT_DARK,
            max_lines=5,
            leading_ratio=1.2,
            space_after=10,
        ),
        _fit(
            _clean(text["completed"]),
            FONT_REGULAR,
            13,
            10,
            color=TEXT_MUTED,
            max_lines=2,
            space_after=8,
        ),
        _fit(
            module_title,
            FONT_BOLD,
            20,
            13,
            color=primary,
            max_lines=6,
            space_after=8,
        ),
        _fit(
            _clean(text["offered_by"].format(institution=institution)),
            FONT_REGULAR,
            13,
            10,
            color=TEXT_MUTED,
            max_lines=3,
        ),
    ]
    # Below the logo when there is one, so a wide title never runs into it.
    region_top = PAGE_HEIGHT - (logo_top + logo_h + 8 if has_logo else 70)
    region_bottom = rule_y + 16
    region_height = region_top - region_bottom
    total_height = sum(block.height for block in blocks)

    canvas.saveState()
    if total_height > region_height:
        # Last-resort safety net: shrink the whole block around the page centre.
        scale = region_height / total_height
        canvas.translate(centre_x, region_top)
        canvas.scale(scale, scale)
        canvas.translate(-centre_x, -region_top)
        top = region_top
    else:
        top = region_top - (region_height - total_height) / 2
    # The short accent rule under the heading sits inside the heading's space_after.
    heading = blocks[0]
    y = _draw_block(canvas, heading, top, centre_x)
    canvas.setStrokeColor(primary)
    canvas.setLineWidth(1.4)
    accent_y = y + heading.space_after / 2 + 1
    canvas.line(centre_x - 28, accent_y, centre_x + 28, accent_y)
    for block in blocks[1:]:
        y = _draw_block(canvas, block, y, centre_x)
    canvas.restoreState()

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
