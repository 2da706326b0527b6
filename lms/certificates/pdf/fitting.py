"""Text fitting: shrink a paragraph from its largest to its smallest font size until it fits the
width, then wrap it (breaking over-long words) and, beyond a line limit, cut it with an
ellipsis; and draw such a fitted paragraph centred on the page."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from .geometry import TEXT_WIDTH

ELLIPSIS = "\u2026"


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
class Block:
    """One centred paragraph: its lines already fitted to the text width; ``size``,
    ``leading`` and ``space_after`` in points."""

    lines: tuple[str, ...]
    font: str
    size: float
    color: Color
    leading: float
    space_after: float = 0.0

    @property
    def height(self) -> float:
        """The vertical space the block takes (pt): its lines plus ``space_after``."""
        return len(self.lines) * self.leading + self.space_after

    @property
    def is_empty(self) -> bool:
        """True for a block of no text (one empty line)."""
        return self.lines == ("",)


def fit(
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
) -> Block:
    """Fit ``text`` in ``width`` (pt): shrink from ``max_size`` to ``min_size`` in 0.5 pt
    steps, then wrap; the leading is ``leading_ratio`` times the size.

    Wrapping happens only at ``min_size``; beyond ``max_lines`` lines the text is cut
    with an ellipsis (only for input far beyond the documented length limits).
    """
    size = max_size
    while size >= min_size:
        if _width(text, font, size) <= width:
            return Block((text,), font, size, color, size * leading_ratio, space_after)
        size -= 0.5
    lines = _wrap(text, font, min_size, width)
    lines = _truncate(lines, max_lines, font, min_size, width)
    return Block(tuple(lines), font, min_size, color, min_size * leading_ratio, space_after)


def draw_block(canvas: Canvas, block: Block, top: float, centre_x: float) -> float:
    """Draw ``block`` centred on ``centre_x`` starting at ``top`` (pt from the page's bottom);
    return the new top, below the block and its ``space_after``."""
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


def draw_stack(canvas: Canvas, blocks: list[Block], top: float, centre_x: float) -> float:
    """Draw ``blocks`` one under the other from ``top``; return the top below the last."""
    y = top
    for block in blocks:
        y = draw_block(canvas, block, y, centre_x)
    return y
