"""The one place the PDFs' fonts are registered with reportlab.

Every PDF the project makes (certificates, invoices, credit notes, quotes, the annual report)
writes in DejaVu Sans, regular and bold, from ``fonts/`` next to this module, embedded as
subsets so accented and non-Latin-1 names render everywhere (licence:
``fonts/LICENSE-DejaVu.txt``). It lives in ``accounts``, the lowest layer, so every app that
draws a PDF may use it (docs/architecture.md, dependency directions).

Call :func:`register` before drawing; it registers the two faces and their family once per
process and is cheap to call again.
"""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: The reportlab names of the two faces.
REGULAR = "GS-Sans"
BOLD = "GS-Sans-Bold"
FONT_DIR = Path(__file__).resolve().parent / "fonts"


def register() -> None:
    """Register DejaVu Sans (``REGULAR``) and DejaVu Sans Bold (``BOLD``) and their family
    (italic falls back to upright), unless already registered. Raises ``OSError`` when a TTF
    file is missing."""
    if BOLD in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
    )
