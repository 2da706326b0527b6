"""The certificate's pictures: the QR code of the verification URL, the logo and the
signature. Computed once per distinct input and reused across certificates."""

from __future__ import annotations

import io

import segno
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from .geometry import PAGE_WIDTH, QR_INSET, QR_SIZE

#: QR mask pattern. Any of the eight is valid for every reader; fixing one skips segno's
#: search for the "best" mask, which costs more than drawing the whole certificate.
QR_MASK = 2


def _qr_path(data: str) -> tuple[int, str]:
    """The QR symbol of ``data``: (modules per side, PDF path operators in module units).

    One ``re`` operator per horizontal run of dark modules, with integer coordinates (row 0
    at the top, so the caller flips the y axis); all runs together form one path.
    """
    matrix = segno.make(data, error="m", micro=False, mask=QR_MASK).matrix
    parts = []
    for row_index, row in enumerate(matrix):
        start = None
        for col, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                parts.append(f"{start} {row_index} {col - start} 1 re")
                start = None
    return len(matrix), " ".join(parts)


def draw_qr(canvas: Canvas, data: str, colour: Color) -> None:
    """Draw the QR code of ``data`` in the bottom-right corner as one filled path,
    ``QR_SIZE`` pt wide, ``QR_INSET`` pt from the corner."""
    modules, operators = _qr_path(data)
    unit = QR_SIZE / modules
    left = PAGE_WIDTH - QR_INSET - QR_SIZE
    top = QR_INSET + QR_SIZE
    canvas.saveState()
    canvas.setFillColor(colour)
    # Module units, y pointing down from the symbol's top-left corner.
    canvas.transform(unit, 0, 0, -unit, left, top)
    canvas.addLiteral(f"{operators} f")
    canvas.restoreState()


_IMAGE_READERS: dict[bytes, object] = {}
#: Longest side of an image as embedded: about 250 dpi over the largest box (140 pt).
IMAGE_MAX_PIXELS = 480


def _prepare_image(data: bytes):
    """Image bytes → a reportlab ImageReader of a flattened (on white), downscaled JPEG.

    Done once per distinct image: a JPEG is embedded as it is, so every later certificate
    copies its bytes instead of decoding and re-compressing pixels.
    """
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    with Image.open(io.BytesIO(data)) as source:
        source.load()
        image = source.convert("RGBA")
    flat = Image.new("RGB", image.size, (255, 255, 255))
    flat.paste(image, mask=image.getchannel("A"))
    flat.thumbnail((IMAGE_MAX_PIXELS, IMAGE_MAX_PIXELS))
    buffer = io.BytesIO()
    flat.save(buffer, format="JPEG", quality=88)
    buffer.seek(0)
    reader = ImageReader(buffer)
    reader.getRGBData()  # decode once; drawImage's digest reuses it
    return reader


def _image_reader(data: bytes):
    """A cached ImageReader for image bytes, or ``None`` for bytes that are no image."""
    reader = _IMAGE_READERS.get(data)
    if reader is None:
        if len(_IMAGE_READERS) > 32:
            _IMAGE_READERS.clear()
        try:
            reader = _prepare_image(data)
        except Exception:  # noqa: BLE001 - a broken image is left out, never fatal
            reader = False
        _IMAGE_READERS[data] = reader
    return reader or None


def draw_image(canvas: Canvas, data: bytes | None, x, y, max_w, max_h, anchor="sw") -> float:
    """Draw image bytes (PNG or JPEG) scaled into ``max_w`` x ``max_h`` pt with its bottom-left
    (``anchor="sw"``) or bottom-centre (``"s"``) at ``x``, ``y``; return its drawn width
    (0 when ``data`` is empty or no image)."""
    reader = _image_reader(data) if data else None
    if reader is None:
        return 0.0
    width, height = reader.getSize()
    scale = min(max_w / width, max_h / height)
    drawn_w, drawn_h = width * scale, height * scale
    if anchor == "s":
        x -= drawn_w / 2
    canvas.drawImage(reader, x, y, drawn_w, drawn_h)
    return drawn_w
