"""Invoice and credit-note PDFs (A4, reportlab), with everything art. 35a Wet OB 1968 requires.

Takes a saved Invoice or CreditNote (its copied seller and buyer data, its lines) and returns PDF
bytes. Fonts: the DejaVu Sans TTFs shipped in ``lms/certificates/fonts`` (registered by path,
embedded as subsets). Product text is Dutch, the language of the bookkeeping.
"""

import io
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_DIR = Path(settings.BASE_DIR) / "lms" / "certificates" / "fonts"
REGULAR, BOLD = "Billing-DejaVu", "Billing-DejaVu-Bold"
_registered = False


def _register_fonts():
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
        _registered = True


def euro(amount) -> str:
    """``1234.5`` → ``€ 1.234,50`` (Dutch notation)."""
    text = f"{Decimal(amount):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def _date(value) -> str:
    return value.strftime("%d-%m-%Y")


class _Writer:
    def __init__(self, canvas: Canvas):
        self.c = canvas
        self.y = A4[1] - 20 * mm

    def text(self, x, value, *, bold=False, size=9, right=False):
        self.c.setFont(BOLD if bold else REGULAR, size)
        if right:
            self.c.drawRightString(x, self.y, str(value))
        else:
            self.c.drawString(x, self.y, str(value))

    def down(self, millimetres=4.5):
        self.y -= millimetres * mm
        if self.y < 25 * mm:
            self.c.showPage()
            self.y = A4[1] - 20 * mm


def _party(w: _Writer, x, heading, data, extra):
    y0 = w.y
    w.text(x, heading, bold=True)
    w.down()
    name = data.get("legal_name") or data.get("name", "")
    for value in [name, data.get("street"), f"{data.get('postcode', '')} {data.get('city', '')}"]:
        if value and value.strip():
            w.text(x, value.strip())
            w.down()
    for label, key in extra:
        if data.get(key):
            w.text(x, f"{label}: {data[key]}")
            w.down()
    end = w.y
    w.y = y0
    return end


#: Printed on every document of an example seller.
EXAMPLE_MARK = "VOORBEELD – geen geldige factuur"


def render(document) -> bytes:
    """PDF bytes of an Invoice or a CreditNote (detected by its ``invoice`` attribute)."""
    _register_fonts()
    is_credit = hasattr(document, "invoice")
    invoice = document.invoice if is_credit else document
    seller, buyer = invoice.seller_data, invoice.buyer_data
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"{'Creditnota' if is_credit else 'Factuur'} {document.number}")
    w = _Writer(canvas)
    left, right = 20 * mm, A4[0] - 20 * mm
    w.text(left, "Creditnota" if is_credit else "Factuur", bold=True, size=18)
    w.down(10)
    if seller.get("example"):
        # Demo data (an example seller loaded by `make run`): never a valid invoice.
        w.text(left, EXAMPLE_MARK, bold=True, size=14)
        w.down(8)
    seller_end = _party(w, left, "Verkoper", seller, [("KvK", "kvk_number"), ("Btw-id", "vat_id")])
    buyer_end = _party(
        w,
        110 * mm,
        "Afnemer",
        buyer,
        [
            ("KvK", "kvk_number"),
            ("OIN", "oin"),
            ("Btw-id", "vat_id"),
            ("Kostenplaats", "cost_centre"),
        ],
    )
    w.y = min(seller_end, buyer_end) - 4 * mm
    facts = [
        ("Creditnotanummer" if is_credit else "Factuurnummer", document.number),
        ("Factuurdatum", _date(document.issue_date)),
    ]
    if is_credit:
        facts.append(("Betreft factuur", f"{invoice.number} van {_date(invoice.issue_date)}"))
        facts.append(("Reden", document.reason))
    else:
        facts.append(("Leveringsdatum", _date(invoice.delivery_date)))
        facts.append(("Vervaldatum", _date(invoice.due_date)))
    if invoice.po_number:
        facts.append(("Uw ordernummer", invoice.po_number))
    for label, value in facts:
        w.text(left, label, bold=True)
        w.text(60 * mm, value)
        w.down()
    w.down(4)
    columns = [
        (left, "Omschrijving"),
        (118 * mm, "Aantal"),
        (135 * mm, "Prijs"),
        (150 * mm, "Btw"),
        (right, "Bedrag"),
    ]
    for x, label in columns:
        w.text(x, label, bold=True, right=x != left)
    w.down()
    for line in document.lines.all():
        w.text(left, line.description[:70])
        w.text(118 * mm, f"{line.quantity:g}".replace(".", ","), right=True)
        w.text(135 * mm, euro(line.unit_price), right=True)
        w.text(
            150 * mm,
            "vrijgesteld" if line.vat_category == "E" else f"{line.vat_rate:g}%",
            right=True,
        )
        w.text(right, euro(line.net_amount), right=True)
        w.down()
        w.text(left + 4 * mm, f"Geleverd op {_date(line.delivery_date)}", size=7)
        w.down()
    w.down(3)
    for group in document.vat_breakdown:
        rate = Decimal(group["rate"])
        if group["category"] == "E":
            w.text(left, f"Netto vrijgesteld {euro(group['taxable'])}")
            w.down()
            w.text(left, group["exemption_reason"], size=8)
        else:
            w.text(
                left, f"Netto {rate:g}% btw: {euro(group['taxable'])} · btw {euro(group['vat'])}"
            )
        w.down()
    w.down(2)
    for label, value in (("Totaal netto", document.net_total), ("Btw", document.vat_total)):
        w.text(150 * mm, label, right=True)
        w.text(right, euro(value), right=True)
        w.down()
    w.text(150 * mm, "Te crediteren" if is_credit else "Totaal te betalen", bold=True, right=True)
    w.text(right, euro(document.total), bold=True, right=True)
    w.down(10)
    if is_credit:
        w.text(left, "Het gecrediteerde bedrag wordt verrekend of terugbetaald.")
    else:
        w.text(
            left,
            f"Betaal binnen {seller.get('payment_term_days', 30)} dagen op IBAN {seller['iban']}"
            f" t.n.v. {seller['legal_name']}",
        )
        w.down()
        w.text(left, f"onder vermelding van betalingskenmerk {invoice.payment_reference}.")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
