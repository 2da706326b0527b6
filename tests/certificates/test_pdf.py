"""Tests for lms.certificates.pdf (pure Python: no Django settings or database needed)."""

from __future__ import annotations

import dataclasses
import datetime
import io
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from lms.certificates.pdf import (
    FONT_BOLD,
    FONT_REGULAR,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    STRINGS,
    TEXT_MARGIN,
    CertificateContent,
    format_date,
    format_decimal,
    render_certificate,
)

REPO_ROOT = Path(__file__).resolve().parents[2]

NAME_200 = (
    "Maria Anneke Johanna Wilhelmina van der Wijk-IJsselstein "
    "Łukasz Nowak-Ørsted Zoë Çelik Bartholomeus Hendrikus Cornelis "
    "de Vries-Oosterhuis Theodora Geertruida Rijnsburger-Kwakernaak "
    "Anna-Sophie Öztürk ten Brink-Ðorđević"
)[:200]
TITLE_300 = (
    "Participatie onder de Omgevingswet: samen met inwoners, ondernemers en "
    "maatschappelijke organisaties werken aan het omgevingsplan, de omgevingsvisie "
    "en programma's voor klimaatadaptatie, energietransitie, woningbouw en "
    "natuurinclusieve gebiedsontwikkeling in stedelijke en landelijke gebieden van "
    "Nederland, met praktijkvoorbeelden uit gemeenten"
)[:300]


def make_content(**overrides) -> CertificateContent:
    values = {
        "holder_name": "Anneke van der Wijk-IJsselstein",
        "module_title": "Omgevingswet in de praktijk",
        "institution_name": "Gemeente Zwolle",
        "completion_date": datetime.date(2026, 11, 29),
        "pe_points": Decimal("4.50"),
        "study_load_hours": Decimal("12.0"),
        "code": "7KQ2-M9XP-4TRD-HW3C",
        "verify_url": "https://gebiedsschool.nl/certificaat/7KQ2-M9XP-4TRD-HW3C",
        "language": "nl",
    }
    values.update(overrides)
    return CertificateContent(**values)


def read_pdf(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def extract_lines(data: bytes) -> list[str]:
    text = read_pdf(data).pages[0].extract_text()
    return [line.strip() for line in text.splitlines() if line.strip()]


def extract_text(data: bytes) -> str:
    return "\n".join(extract_lines(data))


def _multiply(m1, m2):
    """PDF matrix product m1 x m2 (six-element [a b c d e f] form)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return [
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    ]


def text_runs(data: bytes) -> list[dict]:
    """Every drawn text run with its page position and width in points."""
    runs: list[dict] = []

    def visitor(text, cm, tm, font_dict, font_size):
        text = text.strip("\n")
        if not text.strip():
            return
        matrix = _multiply(tm, cm)
        scale = math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))
        base_font = str(font_dict.get("/BaseFont", "")) if font_dict else ""
        font = FONT_BOLD if "Bold" in base_font else FONT_REGULAR
        size = font_size * scale
        runs.append(
            {
                "text": text,
                "x": matrix[4],
                "y": matrix[5],
                "size": size,
                "width": stringWidth(text, font, size),
            }
        )

    read_pdf(data).pages[0].extract_text(visitor_text=visitor)
    assert runs, "no text found in the PDF"
    return runs


def assert_within_margins(data: bytes) -> None:
    for run in text_runs(data):
        assert run["x"] >= TEXT_MARGIN - 0.5, run
        assert run["x"] + run["width"] <= PAGE_WIDTH - TEXT_MARGIN + 0.5, run
        assert 30 < run["y"] < PAGE_HEIGHT - 30, run


# --- Document basics ---------------------------------------------------------------------


def test_single_a4_landscape_page_with_metadata_and_embedded_fonts():
    data = render_certificate(make_content())
    assert data.startswith(b"%PDF-")
    reader = read_pdf(data)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(841.89, abs=0.01)
    assert float(box.height) == pytest.approx(595.28, abs=0.01)
    assert reader.metadata.title == "Certificaat \u2013 Omgevingswet in de praktijk"
    assert reader.metadata.author == "Gebiedsschool"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    base_fonts = sorted(str(font.get_object()["/BaseFont"]) for font in fonts.values())
    assert len(base_fonts) == 2
    assert base_fonts[0].endswith("+DejaVuSans")
    assert base_fonts[1].endswith("+DejaVuSans-Bold")
    for font in fonts.values():
        descriptor = font.get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType


def test_output_is_deterministic():
    content = make_content(holder_name="Zoë Çelik")
    assert render_certificate(content) == render_certificate(content)


def test_module_imports_without_django():
    code = (
        "import sys; import lms.certificates.pdf; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)


def test_content_is_frozen():
    content = make_content()
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.holder_name = "Someone else"  # type: ignore[misc]


# --- Names and Unicode -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Anneke van der Wijk-IJsselstein", "Zoë Çelik", "Łukasz Nowak-Ørsted"],
)
def test_names_are_extracted_exactly(name):
    lines = extract_lines(render_certificate(make_content(holder_name=name)))
    assert name in lines


def test_decomposed_input_is_drawn_nfc():
    data = render_certificate(
        make_content(
            holder_name="Zoe\u0308 C\u0327elik", module_title="Cafe\u0301 en coo\u0308peratie"
        )
    )
    lines = extract_lines(data)
    assert "Zoë Çelik" in lines
    assert "Café en coöperatie" in lines
    assert "\u0308" not in extract_text(data)


def test_whitespace_in_name_is_collapsed():
    lines = extract_lines(render_certificate(make_content(holder_name="  Zoë \n\t Çelik ")))
    assert "Zoë Çelik" in lines


# --- Long texts stay on the page ---------------------------------------------------------


def test_long_name_and_title_wrap_within_margins():
    assert len(NAME_200) == 200 and len(TITLE_300) == 300
    data = render_certificate(
        make_content(holder_name=NAME_200, module_title=TITLE_300, language="en")
    )
    assert len(read_pdf(data).pages) == 1
    assert_within_margins(data)
    words = extract_text(data).split()
    for word in (NAME_200 + " " + TITLE_300).split():
        assert word in words, word
    # Wrapped means several lines, and the words keep their order.
    text = " ".join(extract_lines(data))
    assert " ".join(NAME_200.split()) in text
    assert " ".join(TITLE_300.split()) in text


def test_short_texts_within_margins():
    assert_within_margins(render_certificate(make_content()))


def test_unbreakable_long_words_are_hard_wrapped():
    name = "X" * 200
    url = "https://gebiedsschool.nl/certificaat/" + "Q" * 150
    data = render_certificate(make_content(holder_name=name, verify_url=url))
    assert_within_margins(data)
    name_lines = [line for line in extract_lines(data) if set(line) == {"X"}]
    assert len(name_lines) > 1
    assert "".join(name_lines) == name


def test_absurdly_long_input_never_leaves_the_page():
    data = render_certificate(
        make_content(
            holder_name="Anneke van der Wijk " * 100,
            module_title="Omgevingswet in de praktijk " * 100,
            institution_name="Gemeente Zwolle en omstreken " * 30,
        )
    )
    assert len(read_pdf(data).pages) == 1
    assert_within_margins(data)
    assert "Verificatiecode: 7KQ2-M9XP-4TRD-HW3C" in extract_lines(data)


# --- Language-dependent text -------------------------------------------------------------


def test_dutch_strings():
    lines = extract_lines(render_certificate(make_content()))
    for expected in [
        "Gebiedsschool",
        "Certificaat",
        "Hierbij verklaren wij dat",
        "met goed gevolg de module heeft afgerond",
        "Omgevingswet in de praktijk",
        "aangeboden door Gemeente Zwolle",
        "29 november 2026",
        "12 uur",
        "PE-punten",
        "4,5",
        "Verificatiecode: 7KQ2-M9XP-4TRD-HW3C",
        "Controleer dit certificaat op https://gebiedsschool.nl/certificaat/7KQ2-M9XP-4TRD-HW3C",
    ]:
        assert expected in lines, expected
    assert "Certificate" not in lines


def test_english_strings():
    lines = extract_lines(render_certificate(make_content(language="en")))
    for expected in [
        "Certificate",
        "This is to certify that",
        "has successfully completed the module",
        "offered by Gemeente Zwolle",
        "29 November 2026",
        "12 hours",
        "PE points",
        "4.5",
        "Verification code: 7KQ2-M9XP-4TRD-HW3C",
        "Verify this certificate at https://gebiedsschool.nl/certificaat/7KQ2-M9XP-4TRD-HW3C",
    ]:
        assert expected in lines, expected
    text = "\n".join(lines)
    for dutch in ["Certificaat", "Hierbij", "aangeboden", "november", "Verificatiecode"]:
        assert dutch not in text


def test_region_suffix_is_accepted_and_unknown_language_rejected():
    lines = extract_lines(render_certificate(make_content(language="en-GB")))
    assert "Certificate" in lines
    with pytest.raises(ValueError):
        render_certificate(make_content(language="de"))


def test_strings_have_the_same_keys_for_every_language():
    keys = {lang: set(strings) for lang, strings in STRINGS.items()}
    assert keys["nl"] == keys["en"]


def test_optional_study_load_and_pe_points_are_left_out():
    text = extract_text(render_certificate(make_content(pe_points=None, study_load_hours=None)))
    assert "PE-punten" not in text
    assert "Studiebelasting" not in text
    assert "uur" not in text
    assert "29 november 2026" in text


def test_english_singular_hour():
    lines = extract_lines(
        render_certificate(make_content(language="en", study_load_hours=Decimal("1.00")))
    )
    assert "1 hour" in lines


# --- Formatting helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        (datetime.date(2026, 11, 29), "nl", "29 november 2026"),
        (datetime.date(2026, 11, 29), "en", "29 November 2026"),
        (datetime.date(2026, 3, 1), "nl", "1 maart 2026"),
        (datetime.date(2026, 3, 1), "en", "1 March 2026"),
        (datetime.date(2027, 5, 9), "nl", "9 mei 2027"),
        (datetime.date(2025, 1, 31), "en", "31 January 2025"),
        (datetime.date(2025, 10, 2), "nl", "2 oktober 2025"),
    ],
)
def test_format_date(date, language, expected):
    assert format_date(date, language) == expected


def test_date_appears_in_pdf():
    data = render_certificate(make_content(completion_date=datetime.date(2026, 3, 1)))
    assert "1 maart 2026" in extract_lines(data)


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("12.0"), "nl", "12"),
        (Decimal("12"), "en", "12"),
        (Decimal("4.50"), "nl", "4,5"),
        (Decimal("4.50"), "en", "4.5"),
        (Decimal("0.25"), "nl", "0,25"),
        (Decimal("1E+1"), "nl", "10"),
        (Decimal("100.000"), "en", "100"),
        (Decimal("0.0"), "nl", "0"),
    ],
)
def test_format_decimal(value, language, expected):
    assert format_decimal(value, language) == expected


def test_dutch_decimal_comma_in_pdf():
    lines = extract_lines(
        render_certificate(make_content(study_load_hours=Decimal("2.5"), pe_points=Decimal("3")))
    )
    assert "2,5 uur" in lines
    assert "3" in lines
