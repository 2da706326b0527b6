"""Corrections to an issued certificate: revoke it, print a corrected name, and keep a
participant's registration numbers for later certificates."""

from __future__ import annotations

from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .exceptions import CertificateError
from .issuing import clean_name
from .models import Certificate, ProfessionalRegister, RegisterNumber
from .rendering import render_pdf


def revoke_certificate(certificate: Certificate, *, user, reason: str) -> Certificate:
    """Revoke ``certificate``; the verification page then says so. The reason is kept in the
    action log.

    Raises:
        CertificateError: no reason given, or it was revoked already.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at:
            raise CertificateError(_("This certificate has already been revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revocation_reason = reason
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
        record(
            certificate,
            "certificates.revoke",
            user=user,
            from_state="issued",
            to_state="revoked",
            reason=reason,
        )
    return certificate


def correct_name(certificate: Certificate, *, user, name: str) -> Certificate:
    """Print a corrected holder's name: the PDF is reissued under the same code with a note of
    the correction date (Europe/Amsterdam).

    Raises:
        CertificateError: the name is empty, too long, unchanged, or the certificate is revoked.
    """
    name = clean_name(name)
    if not name:
        raise CertificateError(_("Enter the name as it must be printed."))
    if len(name) > 200:
        raise CertificateError(_("A name can have at most 200 characters."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.revoked_at:
            raise CertificateError(_("A revoked certificate cannot be corrected."))
        if name == certificate.holder_name:
            raise CertificateError(_("The name is unchanged."))
        before = certificate.holder_name
        certificate.holder_name = name
        certificate.corrected_on = timezone.localdate()
        old_pdf = certificate.pdf.name
        certificate.pdf.save(
            f"certificate-{certificate.code}.pdf", ContentFile(render_pdf(certificate)), save=False
        )
        certificate.save(update_fields=["holder_name", "corrected_on", "pdf"])
        if old_pdf and old_pdf != certificate.pdf.name:
            transaction.on_commit(partial(certificate.pdf.storage.delete, old_pdf))
        record(
            certificate,
            "certificates.correct_name",
            user=user,
            from_state=before,
            to_state=name,
        )
    return certificate


def set_register_number(user, register: ProfessionalRegister, number: str) -> RegisterNumber | None:
    """Record (or, with an empty ``number``, remove) ``user``'s number in ``register``.

    Certificates issued later print it; issued certificates keep what they said.

    Raises:
        CertificateError: the number is longer than 100 characters.
    """
    number = " ".join((number or "").split())
    if len(number) > 100:
        raise CertificateError(_("A registration number can have at most 100 characters."))
    with transaction.atomic():
        current = (
            RegisterNumber.objects.select_for_update().filter(user=user, register=register).first()
        )
        before = current.number if current else ""
        if number == before:
            return current
        if not number:
            current.delete()
            record(user, "certificates.register_number", user=user, from_state=before, to_state="")
            return None
        if current is None:
            current = RegisterNumber(user=user, register=register)
        current.number = number
        current.save()
        record(
            user,
            "certificates.register_number",
            user=user,
            from_state=before,
            to_state=number,
            register=register.code,
        )
    return current
