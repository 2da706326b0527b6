"""Page geometry and house colours of the certificate (PDF points, 1 pt = 1/72 inch), and the
double frame around the page."""

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)  # 841.89 x 595.28 pt
CENTRE_X = PAGE_WIDTH / 2

LINTBLAUW = HexColor("#154273")  # Rijkshuisstijl "lintblauw"
TEXT_DARK = HexColor("#1b1b1b")
TEXT_MUTED = HexColor("#4f5a66")
RULE_LIGHT = HexColor("#b6c4d4")

BORDER_OUTER_INSET = 24.0
BORDER_INNER_INSET = 30.0
TEXT_MARGIN = 96.0  # left/right margin for all text
TEXT_WIDTH = PAGE_WIDTH - 2 * TEXT_MARGIN

QR_SIZE = 62.0  # pt, printed edge of the symbol without its quiet zone
QR_INSET = 40.0  # pt from the page's bottom-right corner
LOGO_BOX = (44.0, 40.0, 120.0, 40.0)  # x from left, y from top, max width, max height (pt)
SIGNATURE_HEIGHT = 30.0
SIGNATURE_MAX_WIDTH = 140.0
FOOTER_BOTTOM = 46.0  # pt from the page's bottom edge to the lowest footer line


def colour(value: str | None, default: Color) -> Color:
    """``"#rrggbb"`` → a reportlab colour; ``default`` for ``None``, ``""`` or a bad value."""
    try:
        return HexColor(value) if value else default
    except (ValueError, TypeError):
        return default


def draw_frame(canvas: Canvas, colour: Color) -> None:
    """Draw the double border (outer 1.6 pt, inner 0.5 pt) in ``colour`` around the page."""
    canvas.setStrokeColor(colour)
    canvas.setLineWidth(1.6)
    outer = BORDER_OUTER_INSET
    canvas.rect(outer, outer, PAGE_WIDTH - 2 * outer, PAGE_HEIGHT - 2 * outer)
    canvas.setLineWidth(0.5)
    inner = BORDER_INNER_INSET
    canvas.rect(inner, inner, PAGE_WIDTH - 2 * inner, PAGE_HEIGHT - 2 * inner)
