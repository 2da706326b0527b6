"""Benchmark: invoice PDFs per second, next to a bare one-page reportlab PDF in the same run.

Run: ``.venv/bin/python bench/invoice_pdf.py [seconds_per_measurement]``. Uses unsaved model
instances (no database): what is measured is the layout and rendering, not queries.
"""

import datetime as dt
import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")

import django  # noqa: E402

django.setup()

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from lms.billing import pdf  # noqa: E402
from lms.billing.models import Invoice, InvoiceLine  # noqa: E402


class _Lines(list):
    def all(self):
        return self


def sample_invoice(places: int = 3) -> Invoice:
    """An unsaved invoice for an organisation with ``places`` exempt lines."""
    invoice = Invoice(
        number="TUD-2026-00017",
        issue_date=dt.date(2026, 3, 2),
        delivery_date=dt.date(2026, 4, 14),
        due_date=dt.date(2026, 4, 1),
        seller_data={
            "legal_name": "Technische Universiteit Delft",
            "street": "Mekelweg 5",
            "postcode": "2628 CC",
            "city": "Delft",
            "kvk_number": "27364528",
            "vat_id": "NL000099998B57",
            "iban": "NL91ABNA0417164300",
            "payment_term_days": 30,
        },
        buyer_data={
            "name": "Gemeente Utrecht",
            "street": "Stadsplateau 1",
            "postcode": "3521 AZ",
            "city": "Utrecht",
            "oin": "00000001002220647000",
            "vat_id": "NL002220647B01",
            "cost_centre": "RO-4711",
        },
        po_number="4500012345",
        payment_reference="7004126000000001",
        net_total=Decimal("495.00") * places,
        vat_total=Decimal("0.00"),
        total=Decimal("495.00") * places,
        vat_breakdown=[
            {
                "category": "E",
                "rate": "0.00",
                "taxable": str(Decimal("495") * places),
                "vat": "0.00",
                "exemption_reason": "Vrijgesteld van btw op grond van "
                "art. 11 lid 1 onderdeel o Wet OB 1968",
            }
        ],
    )
    lines = _Lines(
        InvoiceLine(
            description=f"Gebiedstransformatie, uitvoering TUD-GT-01, deelnemer {n}",
            quantity=Decimal("1"),
            unit_price=Decimal("495.00"),
            net_amount=Decimal("495.00"),
            vat_category="E",
            vat_rate=Decimal("0"),
            delivery_date=dt.date(2026, 4, 14),
        )
        for n in range(places)
    )
    invoice.__dict__["_bench_lines"] = lines
    return invoice


def bare_pdf() -> bytes:
    """A one-page reportlab PDF with one line of text: the floor of what a PDF costs."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.drawString(72, 800, "Factuur TUD-2026-00017")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def per_second(render, seconds: float) -> float:
    render()  # warm up: fonts, caches
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        render()
        count += 1
    return count / (time.perf_counter() - start)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    invoice = sample_invoice()
    Invoice.lines = property(lambda self: self.__dict__["_bench_lines"])  # no database
    invoice_rate = per_second(lambda: pdf.render(invoice), seconds)
    bare_rate = per_second(bare_pdf, seconds)
    print(f"invoice PDF (3 lines, DejaVu embedded): {invoice_rate:8.1f} per second")
    print(f"bare one-page reportlab PDF:            {bare_rate:8.1f} per second")
    print(f"ratio bare / invoice:                   {bare_rate / invoice_rate:8.2f}")


if __name__ == "__main__":
    main()
