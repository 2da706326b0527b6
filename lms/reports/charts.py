"""Server-rendered SVG charts. Every chart sits beside a table with the same numbers, carries a
title and a text description, and prints each value next to its bar or point, so nothing is
told by colour alone."""

from xml.sax.saxutils import escape

from .numbers import format_number

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 300
#: Longest label drawn in full (at 13 px about 7 px a character, so it fits LABEL_WIDTH).
LABEL_CHARS = 40
PLOT_WIDTH = 360
COLOUR = "#154273"  # lintblauw: 10.6:1 against white


def _number(value) -> str:
    return format_number(value)


def bar_chart(
    title: str, labels: list[str], values: list, unit: str = "", scale_max: float = 0
) -> str:
    """A horizontal bar chart as an SVG string. ``values`` may hold ``None`` (drawn empty);
    the axis runs to the largest value or ``scale_max``, whichever is more."""
    numbers = [float(v) for v in values if v is not None]
    top = max([*numbers, scale_max], default=0) or 1
    height = max(len(labels), 1) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + PLOT_WIDTH + 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = 0 if value is None else float(value) / top * PLOT_WIDTH
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT * 0.7}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR_HEIGHT * 0.7}" font-size="13" '
            f'fill="#1a1a1a">{escape(_number(value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str, labels: list[str], values: list, unit: str = "", scale_max: float = 0
) -> str:
    """A line chart with a labelled point per value, as an SVG string (a single value is
    drawn in the middle)."""
    width, height, pad = 640, 240, 40
    numbers = [float(v or 0) for v in values]
    top = max([*numbers, scale_max], default=0) or 1
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    first = width / 2 if len(values) == 1 else pad
    points = [
        (first + i * step, height - pad - n / top * (height - 2 * pad))
        for i, n in enumerate(numbers)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#6b6b6b"/>',
    ]
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOUR}" stroke-width="2"/>')
    for (x, y), label, value in zip(points, labels, values, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{COLOUR}"/>'
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="12">'
            f"{escape(_number(value))}{escape(unit)}</text>"
            f'<text x="{x:.1f}" y="{height - pad + 16}" text-anchor="middle" font-size="11">'
            f"{escape(label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def chart_for(table) -> str:
    """The SVG for a :class:`~lms.reports.figures.Table`, or "" when it has no rows."""
    if not table.rows or not table.value_key:
        return ""
    labels = [str(row[table.label_key]) for row in table.rows]
    values = [row[table.value_key] for row in table.rows]
    draw = line_chart if table.chart == "line" else bar_chart
    return draw(str(table.title), labels, values, table.unit, table.scale_max)
