"""The annual programme report for the steering committee's yearly meeting (reportlab, A4):
key figures, each table and a bar chart of it."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONTS = Path(__file__).resolve().parents[1] / "certificates" / "fonts"
BLUE = colors.HexColor("#154273")

if "GS-Report" not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(TTFont("GS-Report", FONTS / "DejaVuSans.ttf"))
    pdfmetrics.registerFont(TTFont("GS-Report-Bold", FONTS / "DejaVuSans-Bold.ttf"))


def _styles():
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = "GS-Report"
    styles["Title"].fontName = styles["Heading2"].fontName = "GS-Report-Bold"
    styles["Title"].textColor = styles["Heading2"].textColor = BLUE
    return styles


def _chart(table) -> Drawing | None:
    if not table.value_key:
        return None
    values = [row[table.value_key] for row in table.rows if row[table.value_key] is not None]
    if not values or len(values) > 25:
        return None
    rows = [row for row in table.rows if row[table.value_key] is not None]
    height = 14 * len(rows) + 30
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 60 * mm, 10, 95 * mm, height - 20
    chart.data = [[float(v) for v in values]]
    chart.categoryAxis.categoryNames = [str(row[table.label_key])[:40] for row in rows]
    chart.categoryAxis.labels.fontName = chart.valueAxis.labels.fontName = "GS-Report"
    chart.categoryAxis.labels.fontSize = chart.valueAxis.labels.fontSize = 7
    chart.categoryAxis.reverseDirection = 1
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%.4g"
    chart.barLabels.fontName = "GS-Report"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    drawing.add(chart)
    return drawing


#: Text longer than this is wrapped in a paragraph so a comment does not run off the page.
WRAP_AFTER = 40


def _cell(value, styles):
    if value is None:
        return "–"
    text = str(value)
    if len(text) <= WRAP_AFTER:
        return text
    style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    return Paragraph(escape(text), style)


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
                    ("FONT", (0, 0), (-1, -1), "GS-Report", 8),
                    ("FONT", (0, 0), (-1, 0), "GS-Report-Bold", 8),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLUE),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        story += [grid, Spacer(1, 6 * mm)]
    doc.build(story)
    return buffer.getvalue()
