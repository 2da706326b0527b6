"""Benchmark: certificate PDFs against bare one-page reportlab PDFs with the same font.

Run: ``.venv/bin/python bench/certificates.py [N]`` (default N = 1000). Renders N full
certificates (logo, signature, two registers, expiry, QR; a distinct name, code and URL each)
and, in the same run, N bare one-page PDFs that draw one line in the same embedded DejaVu Sans;
prints both rates (PDFs per second) and their ratio (certificate rate / bare rate). The issue
asks for a ratio of at least 0.3.
"""

from __future__ import annotations

import io
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from lms.certificates.codes import format_code, new_code  # noqa: E402
from lms.certificates.pdf import FONT_REGULAR, render_certificate  # noqa: E402
from tests.certificates.pdf_fixtures import fixed_content  # noqa: E402

BATCH = 50


def bare_pdf(index: int) -> bytes:
    """One A4 page with one line of text in the certificate's regular font (embedded)."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, initialFontName=FONT_REGULAR, initialFontSize=12)
    canvas.setFont(FONT_REGULAR, 12)
    canvas.drawString(72, 720, f"Certificaat {index} – Zoë Çelik")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run(count: int) -> dict:
    base = fixed_content()
    contents = []
    for index in range(count):
        code = format_code(new_code())
        contents.append(
            replace(
                base,
                holder_name=f"Zoë Çelik-Łukasiewicz {index}",
                code=code,
                verify_url=f"https://gebiedsschool.nl/certificaat/{code}/",
            )
        )
    render_certificate(contents[0])  # warm-up: imports, font and image caches
    bare_pdf(0)

    # Interleave batches of both kinds, so a machine shared with other work slows both alike.
    certificate_seconds = bare_seconds = 0.0
    certificate_bytes = bare_bytes = 0
    for first in range(0, count, BATCH):
        batch = range(first, min(first + BATCH, count))
        start = time.perf_counter()
        certificate_bytes += sum(len(render_certificate(contents[i])) for i in batch)
        certificate_seconds += time.perf_counter() - start
        start = time.perf_counter()
        bare_bytes += sum(len(bare_pdf(i)) for i in batch)
        bare_seconds += time.perf_counter() - start

    certificate_rate = count / certificate_seconds
    bare_rate = count / bare_seconds
    return {
        "count": count,
        "certificate_rate": certificate_rate,
        "bare_rate": bare_rate,
        "ratio": certificate_rate / bare_rate,
        "certificate_kib": certificate_bytes / count / 1024,
        "bare_kib": bare_bytes / count / 1024,
    }


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    result = run(count)
    print(
        f"certificates: {result['count']} PDFs, {result['certificate_rate']:.1f}/s, "
        f"{result['certificate_kib']:.1f} KiB each"
    )
    print(
        f"bare pages:   {result['count']} PDFs, {result['bare_rate']:.1f}/s, "
        f"{result['bare_kib']:.1f} KiB each"
    )
    print(f"ratio (certificate rate / bare rate): {result['ratio']:.3f}")


if __name__ == "__main__":
    main()
