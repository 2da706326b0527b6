"""Render a quote as an A4 PDF (reportlab), in the active language.

Fonts: the DejaVu Sans faces registered by ``lms.certificates.pdf`` (embedded, so accented
names render everywhere). Amounts are Decimal euros as computed by ``money``.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from lms.certificates.pdf import FONT_BOLD, FONT_REGULAR

from . import money

LEFT = 20 * mm
RIGHT = A4[0] - 20 * mm


def _euro(amount) -> str:
    return "€ " + f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _percent(rate) -> str:
    """A VAT rate in percent as printed: ``21%``, ``9%``, ``5,5%``."""
    return f"{rate.normalize():f}".replace(".", ",") + "%"


def vat_terms_text(quote) -> str:
    """The quote's VAT term, in the active language: VAT follows the delivery date."""
    return _(
        "VAT is shown as it applies on the planned delivery date (%(date)s). The invoice "
        "charges the accepted net amounts with the VAT that applies on the actual delivery date."
    ) % {"date": quote.planned_delivery().strftime("%d-%m-%Y")}


def render_quote(quote, language: str = "nl") -> bytes:
    """Return the PDF bytes of ``quote``: parties, number, validity, lines, VAT, total."""
    booking = quote.booking
    from .invoicing import decided_lines

    decided = decided_lines(quote)
    totals = money.totals(decided)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(_("Quote %(number)s") % {"number": quote.number})
    y = A4[1] - 25 * mm
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString(LEFT, y, _("Quote %(number)s") % {"number": quote.number})
    y -= 10 * mm
    canvas.setFont(FONT_REGULAR, 10)
    seller = booking.institution.title if booking.institution_id else ""
    for text in (
        _("From: %(seller)s") % {"seller": seller},
        _("To: %(org)s, attn. %(name)s")
        % {"org": booking.organisation_name, "name": booking.contact_name},
        _("Format: %(format)s") % {"format": booking.get_format_kind_display()},
        _("Date: %(date)s")
        % {"date": timezone.localdate(quote.sent_at or timezone.now()).strftime("%d-%m-%Y")},
        _("Valid until: %(date)s") % {"date": quote.valid_until.strftime("%d-%m-%Y")},
    ):
        canvas.drawString(LEFT, y, text)
        y -= 6 * mm
    y -= 4 * mm
    canvas.setFont(FONT_BOLD, 10)
    for x, head in (
        (LEFT, _("Item")),
        (110 * mm, _("Quantity")),
        (135 * mm, _("Unit price")),
        (165 * mm, _("VAT")),
    ):
        canvas.drawString(x, y, head)
    canvas.drawRightString(RIGHT, y, _("Amount"))
    canvas.setFont(FONT_REGULAR, 10)
    for item in decided:
        line = item.line
        y -= 6 * mm
        if y < 40 * mm:
            canvas.showPage()
            canvas.setFont(FONT_REGULAR, 10)
            y = A4[1] - 25 * mm
        label = line.get_kind_display() + (f" – {line.description}" if line.description else "")
        canvas.drawString(LEFT, y, label[:60])
        canvas.drawString(110 * mm, y, f"{line.quantity:.2f}".replace(".", ","))
        canvas.drawString(135 * mm, y, _euro(line.unit_price))
        canvas.drawString(165 * mm, y, _percent(item.vat_rate))
        canvas.drawRightString(RIGHT, y, _euro(line.net_amount))
    y -= 10 * mm
    canvas.drawString(120 * mm, y, _("Subtotal (net)"))
    canvas.drawRightString(RIGHT, y, _euro(totals.net))
    for category, rate, base, vat in totals.groups():
        y -= 6 * mm
        label = _("VAT exempt") if category == "E" else _("VAT %(rate)s") % {"rate": _percent(rate)}
        canvas.drawString(120 * mm, y, f"{label} {_('over')} {_euro(base)}")
        canvas.drawRightString(RIGHT, y, _euro(vat))
    y -= 8 * mm
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(120 * mm, y, _("Total"))
    canvas.drawRightString(RIGHT, y, _euro(totals.gross))
    y -= 12 * mm
    canvas.setFont(FONT_REGULAR, 8)
    notes = sorted({item.exemption_reason for item in decided if item.exemption_reason})
    notes.append(vat_terms_text(quote))
    for text in notes:
        for part in simpleSplit(text, FONT_REGULAR, 8, RIGHT - LEFT):
            canvas.drawString(LEFT, y, part)
            y -= 4 * mm
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
