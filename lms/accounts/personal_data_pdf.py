"""The PDF of "download my data": every registered section as a heading with one small table
per row (field name and value), readable without tools."""

import io
import json
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .personal_data import collect, sections


def _value(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_personal_data_pdf(user) -> bytes:
    """The person's data as a PDF (A4), in the active language. Returns the PDF bytes."""
    styles = getSampleStyleSheet()
    data = collect(user)["sections"]
    story = [
        Paragraph(escape(_("Your data at Gebiedsschool")), styles["Title"]),
        Paragraph(
            escape(
                _("%(email)s, made on %(date)s")
                % {
                    "email": user.email,
                    "date": timezone.localtime().strftime("%d-%m-%Y %H:%M"),
                }
            ),
            styles["Normal"],
        ),
    ]
    cell = styles["BodyText"]
    for section in sections():
        story += [Spacer(1, 6 * mm), Paragraph(escape(str(section.title)), styles["Heading2"])]
        entries = data.get(section.key) or []
        if not entries:
            story.append(Paragraph(escape(_("Nothing stored.")), cell))
        for entry in entries:
            table = Table(
                [
                    [Paragraph(escape(k), cell), Paragraph(escape(_value(v)), cell)]
                    for k, v in entry.items()
                ],
                colWidths=[55 * mm, 115 * mm],
            )
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 3 * mm)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=_("Your data at Gebiedsschool")).build(story)
    return buffer.getvalue()
