"""Issue 13 item 9: invoice, credit-note and quote PDFs a person can read.

The word boxes of each rendered PDF are extracted with pdfplumber; a test fails when two words
overlap, when a word leaves the page margins, or when a word of the lines table leaves the
column it belongs to. Dutch notation ("21%", "€ 1.234,50"), the participant on each batch line,
the credit note's own date label and the quote's letterhead, KvK, terms and validity are
checked on the extracted text.
"""

import datetime as dt
import io
from decimal import Decimal

import pdfplumber
import pytest
from django.utils import timezone

from lms.billing import pdf, pdf_layout, services
from lms.billing.models import CreditNote, Invoice
from lms.enrolment import services as enrolment_services

LONG_TITLE = (
    "Gebiedstransformatie in de binnenstad: van integrale visie en grondexploitatie tot "
    "uitvoering met bewoners, ondernemers en corporaties"
)


def pages_of(data: bytes) -> list[tuple[list[dict], list[float]]]:
    """Per page: the word boxes and the tops of the full-width rules (the table's edges)."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as document:
        for page in document.pages:
            rules = sorted(
                line["top"]
                for line in page.lines
                if line["x0"] <= pdf_layout.LEFT + 1 and line["x1"] >= pdf_layout.RIGHT - 1
            )
            found.append((page.extract_words(use_text_flow=False), rules))
    return found


def text_of(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _overlap(a, b, slack=0.3) -> bool:
    return (
        a["x0"] < b["x1"] - slack
        and b["x0"] < a["x1"] - slack
        and a["top"] < b["bottom"] - slack
        and b["top"] < a["bottom"] - slack
    )


def assert_readable(data: bytes, table):
    """No overlapping words, nothing outside the margins, and every word between a table's
    header rule and its closing rule inside one of the table's columns."""
    pages = pages_of(data)
    assert any(words for words, _rules in pages)
    tables = 0
    for words, rules in pages:
        for i, a in enumerate(words):
            assert a["x0"] >= pdf_layout.LEFT - 0.5 and a["x1"] <= pdf_layout.RIGHT + 0.5, a
            for b in words[i + 1 :]:
                assert not _overlap(a, b), (a["text"], b["text"])
        assert len(rules) % 2 == 0, rules
        for top, bottom in zip(rules[::2], rules[1::2], strict=True):
            tables += 1
            inside = [w for w in words if w["top"] > top and w["bottom"] < bottom]
            assert inside
            for word in inside:
                assert any(c.x0 - 0.5 <= word["x0"] and word["x1"] <= c.x1 + 0.5 for c in table), (
                    f"{word['text']!r} at {word['x0']:.1f}-{word['x1']:.1f} leaves its column"
                )
    assert tables, "no lines table found"


@pytest.fixture
def batch_invoice(make_user, make_module, make_run, institution, make_seller, organisation):
    """Three colleagues with long names in a taxed run with a long title and a Dutch price."""
    make_seller(institution, crkbo=False)
    run = make_run(
        for_module=make_module(title=LONG_TITLE, slug="lang"),
        price=Decimal("1234.50"),
        code="TUD-GT-2026-01",
    )
    people = [
        make_user(first_name=first, last_name="van den Berg-Oudenhoven de Wit")
        for first in ("Annemarie Johanna", "Bartholomeus", "Cornelia")
    ]
    enrolments = [
        enrolment_services.enrol(p, run, price=run.price, payer="organisation") for p in people
    ]
    services.invoice_batch(enrolments, organisation, user=people[0], po_number="4500012345")
    return Invoice.objects.get(), people, enrolments


def test_invoice_pdf_wraps_descriptions_and_names_each_participant(batch_invoice):
    invoice, people, _places = batch_invoice
    data = pdf.render(invoice)
    assert_readable(data, pdf.LINES_TABLE)
    text = " ".join(text_of(data).split())
    for person in people:
        assert person.get_full_name() in text
    assert "€ 1.234,50" in text and "21%" in text and "21.00" not in text
    assert "€ 4.481,24" in text  # 3 × 1.234,50 = 3.703,50 + 21 % btw 777,74


def test_credit_note_pdf_has_its_own_date_label(batch_invoice):
    invoice, _people, places = batch_invoice
    enrolment_services.cancel_enrolment(places[0], user=places[0].user)
    note = CreditNote.objects.get()
    data = pdf.render(note)
    assert_readable(data, pdf.LINES_TABLE)
    text = text_of(data)
    assert "Creditnotadatum" in text and "Factuurdatum" not in text.split("Betreft")[0]
    assert "Annemarie Johanna" in " ".join(text.split())


def test_quote_pdf_has_letterhead_terms_validity_and_readable_lines(
    make_user, institution, make_seller, organisation
):
    from lms.bookings.models import BookingRequest, Quote, QuoteLine
    from lms.bookings.pdf import LINES_TABLE, render_quote

    make_seller(institution)
    from courses.models import TrainingFormatPage

    page = TrainingFormatPage(title="Maatwerktraining", slug="maatwerk-q", kind="tailored_training")
    institution.get_parent().get_parent().add_child(instance=page)
    booking = BookingRequest.objects.create(
        format=page,
        format_kind="tailored_training",
        organisation=organisation,
        organisation_name="Gemeente Utrecht",
        organisation_kind="municipality",
        contact_name="Ria Visser",
        contact_email="ria@utrecht.example",
        expected_participants=12,
        preferred_start=timezone.localdate(),
        preferred_end=timezone.localdate() + dt.timedelta(days=30),
        place="own_premises",
        question="Versnellen",
        institution=institution,
    )
    quote = Quote.objects.create(
        booking=booking,
        number="TUDO-2026-00001",
        valid_until=timezone.localdate() + dt.timedelta(days=30),
        state="sent",
        sent_at=timezone.now(),
    )
    for kind, description, qty, price in (
        ("trainer_days", LONG_TITLE, "2", "1250.00"),
        (
            "coaching_hours",
            "Coaching van het projectteam bij de gebiedsvisie",
            "6",
            "145.00",
        ),
        ("travel", "", "3", "33.33"),
    ):
        QuoteLine.objects.create(
            quote=quote,
            kind=kind,
            description=description,
            quantity=Decimal(qty),
            unit_price=Decimal(price),
        )  # the VAT of each line follows the one rule (lms.billing.vat.decide)
    data = render_quote(quote, language="nl")
    assert_readable(data, LINES_TABLE)
    text = " ".join(text_of(data).split())
    for expected in (
        "Technische Universiteit Delft",
        "Mekelweg 5",
        "KvK: 27364528",
        "NL91ABNA0417164300",
        "Geldig tot",
        "Voorwaarden",
        "21%",
        "€ 1.250,00",
        "uitvoering met bewoners",
    ):
        assert expected in text, expected


def test_a_long_batch_breaks_pages_and_stays_readable(
    make_user, make_run, make_module, institution, make_seller, organisation
):
    make_seller(institution, crkbo=False)
    run = make_run(
        for_module=make_module(title=LONG_TITLE, slug="lang2"), price=Decimal("99.95"), capacity=60
    )
    people = [make_user(first_name=f"Deelnemer {i:02d}") for i in range(40)]
    places = [
        enrolment_services.enrol(p, run, price=run.price, payer="organisation") for p in people
    ]
    services.invoice_batch(places, organisation, user=people[0])
    data = pdf.render(Invoice.objects.get())
    assert len(pages_of(data)) > 1
    assert_readable(data, pdf.LINES_TABLE)
    text = " ".join(text_of(data).split())
    assert all(p.get_full_name() in text for p in people)
