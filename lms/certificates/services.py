"""Certificate transitions: issue, render the PDF once, complete a run, record an assessment,
revoke, correct a name, and keep a participant's registration numbers.

A certificate copies everything it shows at the moment of issue (holder's printed name, module,
institution, completion date, study load, PE points per register, signatory), so later page
edits never change it. Each service is one transaction that locks what it decides on, writes
and records an action-log entry; refusals raise :class:`CertificateError` and change nothing.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.audit import record
from lms.enrolment import services as enrolment_services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment

from .codes import new_code
from .exceptions import CertificateError
from .models import (
    Accreditation,
    AssessmentResult,
    Certificate,
    CertificateRegisterLine,
    CertificateTemplate,
    CompletionRule,
    ProfessionalRegister,
    RegisterNumber,
)
from .rendering import render_pdf
from .rules import evaluate_run


def _unique_code() -> str:
    # 79 random bits: a collision is practically impossible, but checking costs one query.
    while True:
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def _clean_name(name: str) -> str:
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


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def issue_certificate(subject: CertificateSubject, *, user=None) -> Certificate:
    """Issue a certificate for ``subject`` and enqueue its PDF (rendered once, on commit).

    Copies the holder's printed name (unless ``subject.holder_name`` is given), the
    signatory of the institution's template, the registers that accredit the module on the
    completion date with their points and numbers and the holder's registration numbers, and
    the expiry date (``validity_years`` after completion).

    Raises:
        CertificateError: the holder's name would be empty.
    """
    holder_name = _clean_name(subject.holder_name or subject.user.printed_name)
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
            module_title=_clean_name(subject.module_title),
            institution_name=_clean_name(subject.institution_name),
            completion_date=subject.completion_date,
            study_load_hours=subject.study_load_hours,
            pe_points=subject.pe_points,
            signatory_name=template.signatory_name if template else "",
            signatory_title=template.signatory_title if template else "",
            template=template,
            valid_until=(
                _add_years(subject.completion_date, subject.validity_years)
                if subject.validity_years
                else None
            ),
            language=subject.user.language,
        )
        if subject.module is not None:
            _copy_registers(certificate, subject.module, subject.completion_date)
        record(certificate, "certificate.issue", user=user, to_state="issued")
        transaction.on_commit(partial(_enqueue_pdf, certificate.pk))
    return certificate


def _enqueue_pdf(certificate_id: int) -> None:
    from .tasks import render_certificate_pdf

    render_certificate_pdf.enqueue(certificate_id)


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


@dataclass
class RunCompletion:
    """What :func:`complete_run` did: completed enrolments, and the not-passed ones with why."""

    completed: list[Enrolment] = field(default_factory=list)
    not_passed: list[tuple[Enrolment, list[str]]] = field(default_factory=list)
    skipped: list[tuple[Enrolment, list[str]]] = field(default_factory=list)


def complete_run(run: CourseRun, *, user) -> RunCompletion:
    """Evaluate the completion rules for every participant of ``run`` and move them on.

    Who meets the rules becomes ``completed`` (and gets a certificate); who attended at least
    one session but does not becomes ``not_passed`` with the unmet rules as reason; who
    attended nothing is left as they are (``skipped``). ``not_passed`` enrolments that now
    meet the rules (after a re-assessment) are completed. Afterwards the run's certificates
    are issued and rendered in the background.

    Raises:
        CertificateError: the run has not ended yet.
    """
    with transaction.atomic():
        run = CourseRun.objects.select_for_update().get(pk=run.pk)
        last_end = run.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first()
        if last_end is None or last_end > timezone.now():
            raise CertificateError(_("A run can only be completed after its last session."))
        outcome = RunCompletion()
        for verdict in evaluate_run(run):
            enrolment = verdict.enrolment
            try:
                if verdict.meets_rules:
                    enrolment_services.complete_enrolment(enrolment, user=user)
                    outcome.completed.append(enrolment)
                elif verdict.attended_any and enrolment.state == Enrolment.State.CONFIRMED:
                    enrolment_services.mark_not_passed(
                        enrolment, user=user, reason=" ".join(verdict.unmet)
                    )
                    outcome.not_passed.append((enrolment, verdict.unmet))
                else:
                    outcome.skipped.append((enrolment, verdict.unmet))
            except EnrolmentError as error:
                raise CertificateError(f"{enrolment.user}: {error}") from error
        record(
            run,
            "certificate.complete_run",
            user=user,
            completed=len(outcome.completed),
            not_passed=len(outcome.not_passed),
        )
        transaction.on_commit(partial(_enqueue_run_issue, run.pk, getattr(user, "pk", None)))
    return outcome


def _enqueue_run_issue(run_id: int, user_id) -> None:
    from .tasks import issue_run_certificates

    issue_run_certificates.enqueue(run_id, user_id)


def enqueue_run_issue(run: CourseRun, *, user=None) -> None:
    """Issue ``run``'s certificates in the background once the current transaction commits
    (see :func:`issue_for_run`; running it twice issues nothing twice)."""
    transaction.on_commit(partial(_enqueue_run_issue, run.pk, getattr(user, "pk", None)))


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


def _parse_grade(grade) -> Decimal | None:
    if grade in (None, ""):
        return None
    try:
        value = Decimal(str(grade).replace(",", "."))
    except InvalidOperation as exc:
        raise CertificateError(_("Enter the grade as a number, e.g. 7,5.")) from exc
    if not value.is_finite() or value < 0 or value >= 1000:
        raise CertificateError(_("Enter the grade as a number, e.g. 7,5."))
    return value.quantize(Decimal("0.1"))


def record_assessment(enrolment: Enrolment, *, user, passed=None, grade=None) -> AssessmentResult:
    """Record a participant's assessment: ``passed`` (bool) or a ``grade`` (number).

    A later call replaces the earlier result (a re-assessment); "complete run" then decides.

    Raises:
        CertificateError: the enrolment is not a participant's, or neither a pass/fail nor a
            valid grade was given.
    """
    value = _parse_grade(grade)
    if passed is None and value is None:
        raise CertificateError(_("Record either passed/failed or a grade."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.state not in (
            Enrolment.State.CONFIRMED,
            Enrolment.State.NOT_PASSED,
            Enrolment.State.COMPLETED,
        ):
            raise CertificateError(_("An assessment can only be recorded for participants."))
        result = AssessmentResult.objects.filter(enrolment=enrolment).first()
        before = "" if result is None else str(result.grade if result.grade else result.passed)
        if result is None:
            result = AssessmentResult(enrolment=enrolment)
        result.passed = passed
        result.grade = value
        result.recorded_by = user
        result.recorded_at = timezone.now()
        result.save()
        after = str(value) if value is not None else str(passed)
        record(enrolment, "certificate.assessment", user=user, from_state=before, to_state=after)
    return result


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
            "certificate.revoke",
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
    name = _clean_name(name)
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
            "certificate.correct_name",
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
            record(user, "certificate.register_number", user=user, from_state=before, to_state="")
            return None
        if current is None:
            current = RegisterNumber(user=user, register=register)
        current.number = number
        current.save()
        record(
            user,
            "certificate.register_number",
            user=user,
            from_state=before,
            to_state=number,
            register=register.code,
        )
    return current
