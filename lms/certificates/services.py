"""Issuing certificates. A certificate copies everything it shows at the moment of issue."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment.models import Enrolment

from .codes import new_code
from .exceptions import CertificateError
from .models import Certificate
from .pdf import CertificateContent, render_certificate


def _unique_code() -> str:
    # 79 random bits: a collision is practically impossible, but checking costs one query.
    while True:
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def render_pdf(certificate: Certificate) -> bytes:
    """Render ``certificate``'s PDF from its frozen fields (no page or user is read)."""
    return render_certificate(
        CertificateContent(
            holder_name=certificate.holder_name,
            module_title=certificate.module_title,
            institution_name=certificate.institution_name,
            completion_date=certificate.completion_date,
            pe_points=certificate.pe_points,
            study_load_hours=certificate.study_load_hours,
            code=certificate.formatted_code,
            verify_url=certificate.get_verify_url(),
            language=certificate.language,
        )
    )


def issue_for_enrolment(enrolment: Enrolment, *, user=None) -> Certificate:
    """Issue the certificate of a completed enrolment, once.

    Copies the holder's printed name, the module's title, study load (hours) and PE points,
    the institution's name and the completion date (Europe/Amsterdam), then stores the PDF as a
    private file.

    Returns:
        The new certificate, or the existing one when it was issued before.

    Raises:
        CertificateError: the enrolment is not completed.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("run__module", "user")
            .get(pk=enrolment.pk)
        )
        existing = Certificate.objects.filter(enrolment=enrolment).first()
        if existing:
            return existing
        if enrolment.state != Enrolment.State.COMPLETED:
            raise CertificateError(_("Only a completed enrolment earns a certificate."))
        module = enrolment.run.module
        institution = module.get_parent()
        completed = enrolment.completed_at or timezone.now()
        certificate = Certificate.objects.create(
            code=_unique_code(),
            user=enrolment.user,
            enrolment=enrolment,
            module=module,
            holder_name=enrolment.user.printed_name,
            module_title=module.title,
            institution_name=institution.title if institution else "",
            completion_date=timezone.localdate(completed),
            study_load_hours=getattr(module, "study_load_hours", None),
            pe_points=getattr(module, "pe_points", None),
            language=enrolment.user.language,
        )
        certificate.pdf.save(
            f"certificate-{certificate.code}.pdf", ContentFile(render_pdf(certificate)), save=True
        )
        record(certificate, "certificate.issue", user=user, to_state="issued")
    return certificate
