"""A fixed certificate with every optional part (logo, signature, registers, expiry, QR), used
by the reference-image test and the benchmark. Images are drawn in code, so no binary asset
besides the reference PNG is needed."""

import datetime
import io
from decimal import Decimal

from lms.certificates.pdf import CertificateContent, RegisterLine


def _png(size, draw) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    draw(ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def logo_png() -> bytes:
    """A 240 x 80 px two-colour logo with a transparent background."""

    def draw(canvas):
        canvas.rectangle((0, 0, 79, 79), fill=(21, 66, 115, 255))
        canvas.ellipse((100, 10, 160, 70), fill=(0, 158, 115, 255))
        canvas.rectangle((180, 20, 239, 60), fill=(230, 159, 0, 255))

    return _png((240, 80), draw)


def signature_png() -> bytes:
    """A 300 x 90 px scribble on a transparent background."""

    def draw(canvas):
        points = [(10 + 14 * i, 45 + (25 if i % 2 else -25)) for i in range(20)]
        canvas.line(points, fill=(20, 20, 60, 255), width=4)

    return _png((300, 90), draw)


def fixed_content(**overrides) -> CertificateContent:
    values = dict(
        holder_name="Zoë Çelik-Łukasiewicz",
        module_title="Gebiedstransformatie in de praktijk: van visie naar uitvoering",
        institution_name="TU Delft",
        completion_date=datetime.date(2026, 11, 27),
        pe_points=Decimal("12"),
        study_load_hours=Decimal("16"),
        code="7KQ2-M9XP-4TRD-HW3C",
        verify_url="https://gebiedsschool.nl/certificaat/7KQ2-M9XP-4TRD-HW3C/",
        language="nl",
        registers=(
            RegisterLine("PE-online Ruimte", Decimal("8"), "ACC-2026-114", "PE-12345"),
            RegisterLine("Stedenbouwkundig Register", Decimal("6.5"), "SVR-77", ""),
        ),
        valid_until=datetime.date(2031, 11, 27),
        signatory_name="Prof. dr. ir. Ellen van Bueren",
        signatory_title="Hoogleraar Urban Development Management",
        logo=logo_png(),
        signature=signature_png(),
        primary_colour="#00a6d6",
        accent_colour="#a6d8ec",
    )
    values.update(overrides)
    return CertificateContent(**values)
