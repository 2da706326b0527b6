"""Issuing certificates: one for a subject (an enrolment, or a coaching engagement through
bookings), one for a completed enrolment, and all of a run's missing ones.

A certificate copies everything it shows at the moment of issue (holder's printed name, module,
institution, completion date, study load, PE points per register, signatory), so later page
edits never change it. Issuing sends ``certificate_issued`` inside the transaction; the
receiver renders the PDF after the commit. Refusals raise :class:`CertificateError`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.accounts.dates import add_years
from lms.enrolment.models import CourseRun, Enrolment

from .codes import new_code
from .exceptions import CertificateError
from .models import (
    Accreditation,
    Certificate,
    CertificateRegisterLine,
    CertificateTemplate,
    CompletionRule,
    RegisterNumber,
)
from .signals import certificate_issued
from .stored_pdf import ensure_pdf


def _unique_code() -> str:
    # 79 random bits: a collision is practically impossible, but checking costs one query.
    while True:
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def clean_name(name: str) -> str:
    """``name`` in Unicode NFC with single spaces, as a certificate prints it."""
    return " ".join(unicodedata.normalize("NFC", name or "").split())


@dataclass(frozen=True)
class CertificateSubject:
    """What a certificate is about, copied onto it at issue.

    ``module`` is a ``courses.CourseModulePage`` or ``None`` (e.g. a coaching engagement with
    its own title); ``institution`` the InstitutionPage or ``None``. ``study_load_hours`` is in
    hours, ``pe_points`` the module's general PE points (``Decimal``, one place).
    """

    user: object
    module_title: str
    institution_name: str
    completion_date: dt.date
    module: object | None = None
    institution: object | None = None
    study_load_hours: Decimal | None = None
    pe_points: Decimal | None = None
    organisation: object | None = None
    enrolment: Enrolment | None = None
    holder_name: str = ""
    validity_years: int | None = None


def issue_certificate(subject: CertificateSubject, *, user=None) -> Certificate:
    """Issue a certificate for ``subject`` and announce it (``certificate_issued``; the
    receiver renders its PDF once, in the background, after the commit).

    Copies the holder's printed name (unless ``subject.holder_name`` is given), the
    signatory of the institution's template, the registers that accredit the module on the
    completion date with their points and numbers and the holder's registration numbers, and
    the expiry date (``validity_years`` after completion).

    Raises:
        CertificateError: the holder's name would be empty.
    """
    holder_name = clean_name(subject.holder_name or subject.user.printed_name)
    if not holder_name:
        raise CertificateError(_("The holder has no name to print on the certificate."))
    template = None
    if subject.institution is not None:
        template = CertificateTemplate.objects.filter(institution=subject.institution).first()
    with transaction.atomic():
        certificate = Certificate.objects.create(
            code=_unique_code(),
            user=subject.user,
            enrolment=subject.enrolment,
            module=subject.module,
            organisation=subject.organisation,
            holder_name=holder_name,
            module_title=clean_name(subject.module_title),
            institution_name=clean_name(subject.institution_name),
            completion_date=subject.completion_date,
            study_load_hours=subject.study_load_hours,
            pe_points=subject.pe_points,
            signatory_name=template.signatory_name if template else "",
            signatory_title=template.signatory_title if template else "",
            template=template,
            valid_until=(
                add_years(subject.completion_date, subject.validity_years)
                if subject.validity_years
                else None
            ),
            language=subject.user.language,
        )
        if subject.module is not None:
            _copy_registers(certificate, subject.module, subject.completion_date)
        record(certificate, "certificates.issue", user=user, to_state="issued")
        certificate_issued.send(sender=Certificate, certificate=certificate)
    return certificate


def _copy_registers(certificate: Certificate, module, day: dt.date) -> None:
    numbers = dict(
        RegisterNumber.objects.filter(user=certificate.user).values_list("register_id", "number")
    )
    seen = set()
    for accreditation in Accreditation.objects.filter(module=module).select_related("register"):
        if accreditation.register_id in seen or not accreditation.covers(day):
            continue
        seen.add(accreditation.register_id)
        CertificateRegisterLine.objects.create(
            certificate=certificate,
            register=accreditation.register,
            register_name=accreditation.register.name,
            accreditation_number=accreditation.number,
            points=accreditation.points,
            registration_number=numbers.get(accreditation.register_id, ""),
        )


def _paying_organisation(enrolment: Enrolment):
    """The organisation that enrolled or paid for the holder, or ``None``.

    Uses the enrolment's own organisation when the enrolment layer records one; otherwise,
    for an organisation payer, the holder's one approved organisation or e-mail domain.
    """
    from lms.accounts.models import Organisation

    organisation_id = getattr(enrolment, "organisation_id", None)
    if organisation_id:
        return Organisation.objects.get(pk=organisation_id)
    if enrolment.payer != Enrolment.Payer.ORGANISATION:
        return None
    holder = enrolment.user
    candidates = list(
        Organisation.objects.filter(memberships__user=holder, memberships__status="approved")
        .distinct()
        .order_by("pk")[:2]
    )
    if not candidates:
        domain = holder.email.rsplit("@", 1)[-1]
        candidates = list(Organisation.objects.filter(domains__domain=domain)[:2])
    return candidates[0] if len(candidates) == 1 else None


def issue_for_enrolment(enrolment: Enrolment, *, user=None) -> Certificate:
    """Issue the certificate of a completed enrolment, once.

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
        rule = CompletionRule.objects.filter(module=module).first()
        completed = enrolment.completed_at or timezone.now()
        subject = CertificateSubject(
            user=enrolment.user,
            module=module,
            institution=institution,
            module_title=module.title,
            institution_name=institution.title if institution else "",
            completion_date=timezone.localdate(completed),
            study_load_hours=module.study_load_hours,
            pe_points=module.pe_points,
            organisation=_paying_organisation(enrolment),
            enrolment=enrolment,
            validity_years=rule.validity_years if rule else None,
        )
        return issue_certificate(subject, user=user)


def issue_for_run(run: CourseRun, *, user=None) -> int:
    """Issue the certificates of every completed enrolment of ``run`` and render missing
    PDFs. Running it again issues nothing twice.

    Returns:
        The number of certificates newly issued.
    """
    issued = 0
    enrolments = run.enrolments.filter(state=Enrolment.State.COMPLETED, certificate__isnull=True)
    for enrolment in enrolments:
        issue_for_enrolment(enrolment, user=user)
        issued += 1
    for certificate in Certificate.objects.filter(enrolment__run=run, pdf=""):
        ensure_pdf(certificate)
    return issued
