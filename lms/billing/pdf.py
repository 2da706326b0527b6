"""Invoice and credit-note PDFs (A4, reportlab), with everything art. 35a Wet OB 1968 requires.

Takes a saved Invoice or CreditNote (its copied seller and buyer data, its lines) and returns PDF
bytes. Layout (wrapping table, Dutch number formats, letterhead) is ``pdf_layout``. Product text
is Dutch, the language of the bookkeeping.
"""

import io
from decimal import Decimal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from .pdf_layout import (
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

#: The lines table: description (wraps), quantity, unit price, VAT, amount.
LINES_TABLE = Table(
    (
        Column(LEFT, 102 * mm, "Omschrijving"),
        Column(102 * mm, 116 * mm, "Aantal", right=True),
        Column(116 * mm, 142 * mm, "Prijs", right=True),
        Column(142 * mm, 162 * mm, "Btw", right=True),
        Column(162 * mm, RIGHT, "Bedrag", right=True),
    )
)


def _buyer(w: Writer, buyer: dict) -> None:
    w.text(LEFT, "Aan", bold=True)
    w.down()
    address = [
        buyer.get("name", ""),
        buyer.get("street", ""),
        f"{buyer.get('postcode', '')} {buyer.get('city', '')}".strip(),
        buyer.get("country", "") if buyer.get("country", "NL") != "NL" else "",
    ]
    for value in address:
        if value and value.strip():
            w.paragraph(LEFT, 100 * mm, value.strip())
    for label, key in (
        ("KvK", "kvk_number"),
        ("OIN", "oin"),
        ("Btw-id", "vat_id"),
        ("Kostenplaats", "cost_centre"),
        ("Uw referentie", "reference"),
    ):
        if buyer.get(key):
            w.paragraph(LEFT, 100 * mm, f"{label}: {buyer[key]}")


def _vat_label(line) -> str:
    labels = {"E": "vrijgesteld", "AE": "verlegd", "O": "n.v.t."}
    return labels.get(line.vat_category) or percent(line.vat_rate)


#: Printed on every document of an example seller.
EXAMPLE_MARK = "VOORBEELD – geen geldige factuur"


def render(document) -> bytes:
    """PDF bytes of an Invoice or a CreditNote (detected by its ``invoice`` attribute)."""
    register_fonts()
    is_credit = hasattr(document, "invoice")
    invoice = document.invoice if is_credit else document
    seller, buyer = invoice.seller_data, invoice.buyer_data
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(f"{'Creditnota' if is_credit else 'Factuur'} {document.number}")
    w = Writer(canvas)
    w.text(LEFT, "Creditnota" if is_credit else "Factuur", bold=True, size=18)
    if seller.get("example"):
        # Demo data (an example seller loaded by `make run`): never a valid invoice.
        w.down(8)
        w.text(LEFT, EXAMPLE_MARK, bold=True, size=14)
    letterhead(w, seller)
    w.down(8)
    _buyer(w, buyer)
    w.down(4)
    facts = [("Creditnotanummer" if is_credit else "Factuurnummer", document.number)]
    if is_credit:
        facts.append(("Creditnotadatum", date(document.issue_date)))
        facts.append(("Betreft factuur", f"{invoice.number} van {date(invoice.issue_date)}"))
        facts.append(("Reden", document.reason))
    else:
        facts.append(("Factuurdatum", date(document.issue_date)))
        facts.append(("Leveringsdatum", date(invoice.delivery_date)))
        facts.append(("Vervaldatum", date(invoice.due_date)))
        if invoice.corrects_id:
            corrected = invoice.corrects
            facts.append(
                ("Vervangt factuur", f"{corrected.number} van {date(corrected.issue_date)}")
            )
    if invoice.po_number:
        facts.append(("Uw ordernummer", invoice.po_number))
    for label, value in facts:
        top = w.y
        w.text(LEFT, label, bold=True)
        w.paragraph(60 * mm, RIGHT, value)
        w.y = min(w.y, top - 4.5 * mm)
    w.down(4)
    lines = list(document.lines.all())
    rows = [
        (
            line.description,
            quantity(line.quantity),
            euro(line.unit_price),
            _vat_label(line),
            euro(line.net_amount),
        )
        for line in lines
    ]
    notes = [f"Geleverd op {date(line.delivery_date)}" for line in lines]
    draw_table(w, LINES_TABLE, rows, notes=notes)
    _totals(w, document, is_credit)
    _payment(w, document, invoice, seller, is_credit)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _totals(w: Writer, document, is_credit: bool) -> None:
    w.down(2)
    for group in document.vat_breakdown:
        if group["category"] in ("E", "AE", "O"):
            label = {"E": "vrijgesteld", "AE": "btw verlegd", "O": "niet belast in Nederland"}
            w.paragraph(LEFT, RIGHT, f"Netto {label[group['category']]}: {euro(group['taxable'])}")
            w.paragraph(LEFT, RIGHT, group["exemption_reason"], size=8)
        else:
            rate = percent(Decimal(group["rate"]))
            w.paragraph(
                LEFT,
                RIGHT,
                f"Netto tegen {rate} btw: {euro(group['taxable'])} · btw {euro(group['vat'])}",
            )
    w.down(2)
    w.need(20 * mm)
    total_row(w, "Totaal netto", euro(document.net_total))
    total_row(w, "Btw", euro(document.vat_total))
    total_row(
        w, "Te crediteren" if is_credit else "Totaal te betalen", euro(document.total), bold=True
    )
    w.down(8)


def _payment(w: Writer, document, invoice, seller: dict, is_credit: bool) -> None:
    if is_credit:
        w.paragraph(LEFT, RIGHT, "Het gecrediteerde bedrag wordt verrekend of terugbetaald.")
        return
    w.paragraph(
        LEFT,
        RIGHT,
        f"Betaal binnen {seller.get('payment_term_days', 30)} dagen op IBAN {seller['iban']}"
        f" t.n.v. {seller['legal_name']} onder vermelding van betalingskenmerk "
        f"{invoice.payment_reference}.",
    )
