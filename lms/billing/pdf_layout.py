"""Layout for the money documents (invoice, credit note, quote): A4, reportlab canvas.

One place for what makes them readable: Dutch number formats, a lines table whose cells wrap
inside their column (never overprinting a neighbour), page breaks that repeat the table's
header, and the seller's letterhead. The table draws a thin rule under its header and one under
its last row on each page, so a test can find the table in the rendered PDF and check that
every word stays in its column (``tests/billing/test_pdf_layout.py``).

Fonts: DejaVu Sans from :mod:`lms.accounts.pdf_fonts`, embedded as subsets.
"""

from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from lms.accounts import pdf_fonts

REGULAR, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
#: Register the fonts before drawing (once per process).
register_fonts = pdf_fonts.register
#: Page margins in points.
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, A4[0] - 20 * mm, A4[1] - 18 * mm, 22 * mm
#: Space between a cell's text and its column's edges, in points.
PAD = 1.2 * mm


def euro(amount) -> str:
    """``1234.5`` → ``€ 1.234,50`` (Dutch notation, euros)."""
    text = f"{Decimal(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def percent(rate) -> str:
    """A VAT rate in percent: ``21%``, ``9%``, ``5,5%``."""
    value = Decimal(rate).normalize()
    return f"{value:f}".replace(".", ",") + "%"


def quantity(value) -> str:
    """``2.00`` → ``2``, ``1.50`` → ``1,5`` (Dutch decimal comma)."""
    value = Decimal(value).normalize()
    return f"{value:f}".replace(".", ",")


def date(value) -> str:
    """A date as ``14-04-2026``."""
    return value.strftime("%d-%m-%Y")


@dataclass(frozen=True)
class Column:
    """One column of the lines table: left and right edge in points, heading, alignment."""

    x0: float
    x1: float
    heading: str
    right: bool = False

    def lines(self, text: str, font: str, size: float) -> list[str]:
        """``text`` wrapped to the column's width (inside its padding)."""
        return simpleSplit(str(text), font, size, self.x1 - self.x0 - 2 * PAD) or [""]


class Table(tuple):
    """The columns of a lines table, left to right."""


class Writer:
    """A cursor on a canvas: writes text at ``y`` (points) and breaks pages when full."""

    def __init__(self, canvas, size: float = 9):
        self.c = canvas
        self.y = TOP
        self.size = size
        self._on_new_page = None

    def text(self, x, value, *, bold=False, size=None, right=False):
        self.c.setFont(BOLD if bold else REGULAR, size or self.size)
        draw = self.c.drawRightString if right else self.c.drawString
        draw(x, self.y, str(value))

    def paragraph(self, x0, x1, value, *, size=None, bold=False, leading=None):
        """Write ``value`` wrapped between ``x0`` and ``x1``, moving down per line."""
        size = size or self.size
        for line in simpleSplit(str(value), BOLD if bold else REGULAR, size, x1 - x0):
            self.need(leading or size * 1.35)
            self.text(x0, line, bold=bold, size=size)
            self.down_pt(leading or size * 1.35)

    def down(self, millimetres=4.5):
        self.down_pt(millimetres * mm)

    def down_pt(self, points):
        self.y -= points

    def need(self, points):
        """Start a new page when fewer than ``points`` remain above the bottom margin."""
        if self.y - points < BOTTOM:
            if self._on_new_page:
                self._on_new_page(ending=True)
            self.c.showPage()
            self.y = TOP
            if self._on_new_page:
                self._on_new_page(ending=False)

    def rule(self):
        self.c.setLineWidth(0.4)
        self.c.line(LEFT, self.y, RIGHT, self.y)


def draw_table(w: Writer, table: Table, rows, *, size: float = 9, notes=None) -> None:
    """Draw ``rows`` (sequences of cell texts, one per column) under a header, each cell
    wrapped inside its column; ``notes`` (optional) gives a small second line per row in the
    first column (e.g. a delivery date). A page break repeats the header."""
    leading = size * 1.3

    def header():
        headings = [column.lines(column.heading, BOLD, size) for column in table]
        top = w.y
        for column, lines in zip(table, headings, strict=True):
            w.y = top
            for line in lines:
                x = column.x1 - PAD if column.right else column.x0 + PAD
                w.text(x, line, bold=True, size=size, right=column.right)
                w.down_pt(leading)
        w.y = top - (max(len(h) for h in headings) - 1) * leading
        w.down_pt(size * 0.6)
        w.rule()
        w.down_pt(leading)

    def on_new_page(ending):
        if ending:
            w.y += leading - size * 0.4
            w.rule()
        else:
            header()

    header()
    w._on_new_page = on_new_page
    for index, row in enumerate(rows):
        cells = [column.lines(text, REGULAR, size) for column, text in zip(table, row, strict=True)]
        note = notes[index] if notes else ""
        note_lines = table[0].lines(note, REGULAR, size - 2) if note else []
        height = max(len(c) for c in cells) * leading + len(note_lines) * (size - 1)
        w.need(height)
        top = w.y
        for column, lines in zip(table, cells, strict=True):
            w.y = top
            for line in lines:
                x = column.x1 - PAD if column.right else column.x0 + PAD
                w.text(x, line, size=size, right=column.right)
                w.down_pt(leading)
        w.y = top - max(len(c) for c in cells) * leading
        for line in note_lines:
            w.text(table[0].x0 + PAD, line, size=size - 2)
            w.down_pt(size - 1)
        w.down_pt(size * 0.9)
    w._on_new_page = None
    w.y += leading - size * 0.4
    w.rule()
    w.down_pt(leading)


def total_row(w: Writer, label: str, amount: str, *, bold=False, size: float = 9) -> None:
    """One row of a totals block: ``label`` wrapped between 95 and 160 mm, ``amount`` right."""
    top = w.y
    w.paragraph(95 * mm, 160 * mm - PAD, label, bold=bold, size=size)
    end = w.y
    w.y = top
    w.text(RIGHT, amount, bold=bold, size=size, right=True)
    w.y = min(end, top - size * 1.35) - size * 0.3


def letterhead(w: Writer, seller: dict) -> None:
    """The seller's name, address, KvK, VAT id, IBAN and e-mail at the top right of the page,
    from the seller data copied onto the document (or the live profile for a quote)."""
    top = w.y
    lines = [
        (seller.get("legal_name", ""), True),
        (seller.get("street", ""), False),
        (f"{seller.get('postcode', '')} {seller.get('city', '')}".strip(), False),
        (f"KvK: {seller['kvk_number']}" if seller.get("kvk_number") else "", False),
        (f"Btw-id: {seller['vat_id']}" if seller.get("vat_id") else "", False),
        (f"IBAN: {seller['iban']}" if seller.get("iban") else "", False),
        (seller.get("email", ""), False),
    ]
    for text, bold in lines:
        if text:
            w.text(RIGHT, text, bold=bold, size=8, right=True)
            w.down_pt(10)
    w.y = min(w.y, top)
