"""From a stored certificate to PDF bytes: gathers the frozen fields, the register lines and
the template's images, and hands them to the Django-free layout in :mod:`.pdf`."""

from __future__ import annotations

from .models import Certificate
from .pdf import CertificateContent, RegisterLine, render_certificate

# Image files by storage name. Wagtail never overwrites an image file in place (a new upload
# gets a new name), so a name always stands for the same bytes; bounded to a few templates.
_IMAGE_CACHE: dict[str, bytes] = {}
_IMAGE_CACHE_SIZE = 64


def _read_image(image) -> bytes | None:
    if image is None or not image.file:
        return None
    name = image.file.name
    if name in _IMAGE_CACHE:
        return _IMAGE_CACHE[name]
    try:
        with image.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None  # a missing file must not stop the certificate; it renders without
    if len(_IMAGE_CACHE) >= _IMAGE_CACHE_SIZE:
        _IMAGE_CACHE.clear()
    _IMAGE_CACHE[name] = data
    return data


def certificate_content(certificate: Certificate) -> CertificateContent:
    """The :class:`CertificateContent` of ``certificate``, from its frozen fields only
    (plus the template's logo, signature and colours)."""
    template = certificate.template
    lines = tuple(
        RegisterLine(
            register=line.register_name,
            points=line.points,
            accreditation_number=line.accreditation_number,
            registration_number=line.registration_number,
        )
        for line in certificate.register_lines.all()
    )
    return CertificateContent(
        holder_name=certificate.holder_name,
        module_title=certificate.module_title,
        institution_name=certificate.institution_name,
        completion_date=certificate.completion_date,
        pe_points=certificate.pe_points,
        study_load_hours=certificate.study_load_hours,
        code=certificate.formatted_code,
        verify_url=certificate.get_verify_url(),
        language=certificate.language,
        registers=lines,
        valid_until=certificate.valid_until,
        corrected_on=certificate.corrected_on,
        signatory_name=certificate.signatory_name,
        signatory_title=certificate.signatory_title,
        logo=_read_image(template.logo) if template else None,
        signature=_read_image(template.signature) if template else None,
        primary_colour=template.primary_colour if template else None,
        accent_colour=template.accent_colour if template else None,
    )


def render_pdf(certificate: Certificate) -> bytes:
    """Render ``certificate``'s PDF from its frozen fields (no user is read)."""
    return render_certificate(certificate_content(certificate))
