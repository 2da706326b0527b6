"""The annual programme report for the steering committee's yearly meeting (reportlab, A4):
the headline figures, each table and a bar chart of it. Numbers are written in the active
language's format (Dutch by default: 1.234,5); a chart of counts has whole-number ticks."""

import io
import math
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from lms.accounts import pdf_fonts

from .headline import headline_figures
from .numbers import format_number, is_count

BLUE = colors.HexColor("#154273")

REGULAR, BOLD = pdf_fonts.REGULAR, pdf_fonts.BOLD
pdf_fonts.register()


def _styles():
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = REGULAR
    styles["Title"].fontName = styles["Heading2"].fontName = BOLD
    styles["Title"].textColor = styles["Heading2"].textColor = BLUE
    return styles


def whole_number_step(top: float, ticks: int = 5) -> int:
    """The step between value-axis ticks for counts up to ``top``: a whole number (1, 2, 5,
    10, 20, 50, …) giving at most about ``ticks`` intervals."""
    rough = max(top, 1) / ticks
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= rough:
            return max(1, int(factor * magnitude))
    return int(10 * magnitude)


def _chart(table) -> Drawing | None:
    if not table.value_key:
        return None
    rows = [row for row in table.rows if row[table.value_key] is not None]
    values = [row[table.value_key] for row in rows]
    if not values or len(values) > 25:
        return None
    height = 14 * len(rows) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60 * mm, 10, 95 * mm, height - 20
    chart.data = [[float(v) for v in values]]
    chart.categoryAxis.categoryNames = [str(row[table.label_key])[:40] for row in rows]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.reverseDirection = 1
    chart.valueAxis.valueMin = 0
    top = max([float(v) for v in values] + [table.scale_max])
    if is_count(values):
        step = whole_number_step(top)
        chart.valueAxis.valueStep = step
        chart.valueAxis.valueMax = step * max(1, math.ceil(top / step))
        chart.valueAxis.labelTextFormat = lambda v: format_number(round(v))
    else:
        chart.valueAxis.valueMax = top or 1
        chart.valueAxis.labelTextFormat = lambda v: format_number(_tick(v))
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = lambda v: format_number(_tick(v)) + table.unit
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 3
    chart.barLabels.boxAnchor = "w"  # the label starts after the bar, never on it
    drawing.add(chart)
    return drawing


def _tick(value: float):
    """A float from reportlab as an int when whole, else a Decimal with at most one decimal."""
    if float(value).is_integer():
        return int(value)
    return Decimal(str(round(value, 1)))


#: Text longer than this is wrapped in a paragraph so a comment does not run off the page.
WRAP_AFTER = 40


def _cell(value, styles):
    text = format_number(value)
    if len(text) <= WRAP_AFTER:
        return text
    style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    return Paragraph(escape(text), style)


def _headline_block(tables, styles) -> list:
    """The headline figures as a row of boxes: label above, figure below."""
    figures = headline_figures(tables)
    if not figures:
        return []
    value_style = styles["Normal"].clone("headline", fontName=BOLD, fontSize=14)
    label_style = styles["Normal"].clone("headline-label", fontSize=8, leading=10)
    cells = [[Paragraph(escape(f.label), label_style) for f in figures]]
    cells.append([Paragraph(escape(f.value), value_style) for f in figures])
    box = Table(cells, colWidths=[(174 * mm) / len(figures)] * len(figures))
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, BLUE),
                ("INNERGRID", (0, 0), (-1, -1), 0, colors.white),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, colors.lightgrey),
                ("TOPPADDING", (0, 1), (-1, 1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
            ]
        )
    )
    return [Paragraph(_("Key figures"), styles["Heading2"]), box, Spacer(1, 6 * mm)]


def render_annual_report(tables, report_filter) -> bytes:
    """Render the annual report for ``tables`` (see ``figures.all_tables``) as PDF bytes."""
    styles = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=_("Gebiedsschool annual report"),
        author="Gebiedsschool",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story = [
        Paragraph(_("Gebiedsschool annual report"), styles["Title"]),
        Paragraph(
            _("Period: %(start)s to %(end)s. Made on %(today)s.")
            % {
                "start": report_filter.start.strftime("%d-%m-%Y"),
                "end": report_filter.end.strftime("%d-%m-%Y"),
                "today": timezone.localdate().strftime("%d-%m-%Y"),
            },
            styles["Normal"],
        ),
        Spacer(1, 6 * mm),
        *_headline_block(tables, styles),
    ]
    for table in tables:
        story.append(Paragraph(str(table.title), styles["Heading2"]))
        if not table.rows:
            story.append(Paragraph(_("No data for this selection."), styles["Normal"]))
            continue
        chart = _chart(table)
        if chart is not None:
            story.append(chart)
        data = [[str(h) for _k, h in table.columns]] + [
            [_cell(row[k], styles) for k, _h in table.columns] for row in table.rows
        ]
        grid = Table(data, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), REGULAR, 8),
                    ("FONT", (0, 0), (-1, 0), BOLD, 8),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLUE),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        story += [grid, Spacer(1, 6 * mm)]
    doc.build(story)
    return buffer.getvalue()
