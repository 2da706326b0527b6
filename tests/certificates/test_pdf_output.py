"""The certificate PDF as a reader sees it: the QR decodes to the verification URL, the page
matches a reference image, long and accented names stay on the page, and every letter of
Latin-1 Supplement and Latin Extended-A is drawn."""

import io
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from lms.certificates.pdf import render_certificate
from tests.certificates.pdf_fixtures import fixed_content
from tests.certificates.test_pdf import NAME_200, TITLE_300, assert_within_margins

REFERENCE = Path(__file__).parent / "reference" / "certificate.png"
DPI = 60
#: Share of pixels allowed to differ clearly (by more than PIXEL_THRESHOLD in grey) from the
#: reference: anti-aliasing may differ slightly between poppler builds; a moved or resized
#: block changes far more (a name one letter longer already changes about 0.9 %).
TOLERANCE = 0.002
PIXEL_THRESHOLD = 48


def changed_share(page: Image.Image, reference: Image.Image) -> float:
    """The share of pixels whose grey value differs by more than ``PIXEL_THRESHOLD``."""
    histogram = ImageChops.difference(page, reference).convert("L").histogram()
    return sum(histogram[PIXEL_THRESHOLD + 1 :]) / (page.size[0] * page.size[1])


needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed"
)


def rasterise(pdf: bytes, dpi: int = DPI) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(source), f"{folder}/page"],
            capture_output=True,
            check=True,
        )
        return Image.open(Path(folder) / "page.png").convert("RGB")


def text_of(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@needs_pdftoppm
def test_qr_decodes_to_the_verification_url():
    zxingcpp = pytest.importorskip("zxingcpp")
    content = fixed_content()
    results = zxingcpp.read_barcodes(rasterise(render_certificate(content), dpi=200))
    assert [r.text for r in results] == [content.verify_url]


@needs_pdftoppm
def test_page_matches_the_reference_image():
    page = rasterise(render_certificate(fixed_content()))
    if not REFERENCE.exists():  # pragma: no cover - first run writes the reference
        page.save(REFERENCE)
        pytest.fail(f"wrote a new reference image {REFERENCE}; check it and commit it")
    reference = Image.open(REFERENCE).convert("RGB")
    assert page.size == reference.size
    assert changed_share(page, reference) <= TOLERANCE


@needs_pdftoppm
def test_a_moved_block_would_fail_the_reference_comparison():
    # Negative control: a name one letter longer shifts the line beyond the tolerance.
    reference = Image.open(REFERENCE).convert("RGB")
    other = rasterise(render_certificate(fixed_content(holder_name="Zoë Çelik-Łukasiewiczz")))
    assert changed_share(other, reference) > 2 * TOLERANCE


def test_without_logo_signature_or_registers_it_still_renders_cleanly():
    content = fixed_content(logo=None, signature=None, registers=(), signatory_name="")
    pdf = render_certificate(content)
    assert_within_margins(pdf)
    assert "Zoë Çelik-Łukasiewicz" in text_of(pdf)


def test_broken_image_bytes_are_left_out():
    pdf = render_certificate(fixed_content(logo=b"not an image", signature=b"\x89PNG broken"))
    assert "Zoë Çelik-Łukasiewicz" in text_of(pdf)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_full_certificate_with_long_texts_stays_within_margins(language):
    pdf = render_certificate(
        fixed_content(holder_name=NAME_200, module_title=TITLE_300, language=language)
    )
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert_within_margins(pdf)
    words = text_of(pdf).split()
    for word in (NAME_200 + " " + TITLE_300).split():
        assert word in words, word


def test_registers_signatory_and_expiry_are_printed():
    text = text_of(render_certificate(fixed_content(language="en")))
    for expected in (
        "PE-online Ruimte: 8 PE points",
        "accreditation number ACC-2026-114",
        "registration number PE-12345",
        "Stedenbouwkundig Register: 6.5 PE points",
        "Prof. dr. ir. Ellen van Bueren",
        "Hoogleraar Urban Development Management",
        "Valid until",
        "27 November 2031",
    ):
        assert expected in text, expected


LATIN_LETTERS = "".join(
    chr(c)
    for c in list(range(0x00C0, 0x0100)) + list(range(0x0100, 0x0180))
    if unicodedata.category(chr(c)).startswith("L")
)


def test_every_latin1_and_extended_a_letter_renders():
    chunks = [LATIN_LETTERS[i : i + 40] for i in range(0, len(LATIN_LETTERS), 40)]
    for chunk in chunks:
        pdf = render_certificate(fixed_content(holder_name=chunk))
        assert chunk in text_of(pdf).replace("\n", ""), chunk


def test_decomposed_name_is_drawn_nfc():
    pdf = render_certificate(fixed_content(holder_name="Zoe\u0308 C\u0327elik"))
    assert "Zoë Çelik" in text_of(pdf)
