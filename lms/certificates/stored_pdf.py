"""A certificate's stored PDF: rendered once, then served as it is."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from .models import Certificate
from .rendering import render_pdf


def ensure_pdf(certificate: Certificate) -> Certificate:
    """Render and store ``certificate``'s PDF unless it is stored already (idempotent).

    A PDF that is recorded on ``certificate`` and present in storage is returned as it is,
    without a transaction or row lock, so parallel downloads of a stored PDF do not queue. Only
    when it must be created is the row locked (``SELECT … FOR UPDATE``) so that two requests
    do not render it twice.

    Returns:
        The certificate with its ``pdf`` set (re-read from the database when it was rendered).
    """
    if certificate.pdf and certificate.pdf.storage.exists(certificate.pdf.name):
        return certificate
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.pdf:
            return certificate
        certificate.pdf.save(
            f"certificate-{certificate.code}.pdf", ContentFile(render_pdf(certificate)), save=True
        )
    return certificate
