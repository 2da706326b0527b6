"""Render a quote as an A4 PDF (reportlab), in the active language.

Layout (letterhead, wrapping lines table, Dutch number formats) is ``lms.billing.pdf_layout``,
shared with the invoice and credit note. Amounts are Decimal euros as computed by ``money``.
"""

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from lms.billing import money
from lms.billing.models import SellerProfile
from lms.billing.pdf_layout import (
    LEFT,
    RIGHT,
    Column,
    Table,
    Writer,
    date,
    draw_table,
    euro,
    letterhead,
    percent,
    quantity,
    register_fonts,
    total_row,
)

from .quote_vat import decided_lines


def _table() -> Table:
    """The quote's lines table, headings in the active language."""
    return Table(
        (
            Column(LEFT, 100 * mm, _("Item")),
            Column(100 * mm, 114 * mm, _("Quantity"), right=True),
            Column(114 * mm, 138 * mm, _("Unit price"), right=True),
            Column(138 * mm, 160 * mm, _("VAT"), right=True),
            Column(160 * mm, RIGHT, _("Amount"), right=True),
        )
    )


#: The column edges (headings in Dutch), for the layout test.
with translation.override("nl"):
    LINES_TABLE = _table()


def _seller_data(booking) -> dict:
    seller = SellerProfile.objects.filter(institution_id=booking.institution_id).first()
    if seller is None:
        return {"legal_name": booking.institution.title if booking.institution_id else ""}
    fields = ("legal_name", "street", "postcode", "city", "kvk_number", "vat_id", "iban", "email")
    return {name: getattr(seller, name) for name in fields}


def vat_terms_text(quote) -> str:
    """The quote's VAT term, in the active language: VAT follows the delivery date."""
    return _(
        "VAT is shown as it applies on the planned delivery date (%(date)s). The invoice "
        "charges the accepted net amounts with the VAT that applies on the actual delivery date."
    ) % {"date": quote.planned_delivery().strftime("%d-%m-%Y")}


def render_quote(quote, language: str = "nl") -> bytes:
    """Return the PDF bytes of ``quote`` in ``language``: the seller's letterhead (name,
    address, KvK, VAT id, IBAN), the buyer, number, date and validity, the lines (wrapped
    inside their columns), VAT per rate, the total and the terms."""
    with translation.override(language):
        return _render(quote)


def _render(quote) -> bytes:
    register_fonts()
    booking = quote.booking

    decided = decided_lines(quote)
    totals = money.totals(decided)
    seller = _seller_data(booking)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(_("Quote %(number)s") % {"number": quote.number})
    w = Writer(canvas)
    w.text(LEFT, _("Quote %(number)s") % {"number": quote.number}, bold=True, size=16)
    letterhead(w, seller)
    w.down(8)
    quote_date = timezone.localdate(quote.sent_at or timezone.now())
    for text in (
        _("To: %(org)s, attn. %(name)s")
        % {"org": booking.organisation_name, "name": booking.contact_name},
        _("Format: %(format)s") % {"format": booking.get_format_kind_display()},
        _("Date: %(date)s") % {"date": date(quote_date)},
        _("Valid until: %(date)s") % {"date": date(quote.valid_until)},
    ):
        w.paragraph(LEFT, RIGHT, text, size=10)
    w.down(4)
    rows = [
        (
            item.line.get_kind_display()
            + (f" – {item.line.description}" if item.line.description else ""),
            quantity(item.line.quantity),
            euro(item.line.unit_price),
            _("exempt from VAT") if item.vat_category == "E" else percent(item.vat_rate),
            euro(item.net_amount),
        )
        for item in decided
    ]
    draw_table(w, _table(), rows)
    _totals(w, totals)
    notes = sorted({item.exemption_reason for item in decided if item.exemption_reason})
    for text in [*notes, vat_terms_text(quote)]:
        w.paragraph(LEFT, RIGHT, text, size=8)
    w.down(4)
    _terms(w, quote, seller)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _totals(w: Writer, totals) -> None:
    w.need(30 * mm)
    total_row(w, _("Subtotal (net)"), euro(totals.net))
    for treatment, rate, base, vat in totals.groups():
        label = _("VAT exempt") if treatment == "E" else _("VAT %(rate)s") % {"rate": percent(rate)}
        total_row(w, f"{label} {_('over')} {euro(base)}", euro(vat))
    w.down(2)
    total_row(w, _("Total"), euro(totals.gross), bold=True, size=11)
    w.down(8)


def _terms(w: Writer, quote, seller: dict) -> None:
    w.need(25 * mm)
    w.text(LEFT, pgettext("quote", "Terms"), bold=True, size=10)
    w.down(5)
    w.paragraph(
        LEFT,
        RIGHT,
        _(
            "This quote is valid until %(date)s. Prices are net amounts in euros; VAT follows "
            "the law on the delivery date. The general terms and conditions of %(seller)s "
            "(version %(version)s) apply. Accept the quote through the link in our e-mail."
        )
        % {
            "date": date(quote.valid_until),
            "seller": seller.get("legal_name", ""),
            "version": settings.BILLING_TERMS_VERSION,
        },
    )
