"""Staff pages in the Wagtail admin: a run's completion (rules per participant, assessment,
"complete run", bulk issue), its register attendance lists (CSV) and certificates (ZIP), and
revoking or correcting one certificate. They call the services; a refusal is shown as a
message and changes nothing."""

import io
import zipfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lms.accounts.admin_header import TitledAdminMixin
from lms.accounts.spreadsheet import csv_response
from lms.enrolment.models import CourseRun, Enrolment

from . import services
from .exceptions import CertificateError
from .models import Certificate, CertificateRegisterLine, ProfessionalRegister
from .rules import evaluate_run, rule_for
from .scope import CERTIFICATE_ACTIONS, may_act_on_certificate


def _staff_run(request, run_id) -> CourseRun:
    return get_object_or_404(CourseRun.objects.for_user(request.user), pk=run_id)


class RunCompletionView(TitledAdminMixin, TemplateView):
    """GET: every participant with the rules they do not meet yet. POST: record an assessment
    (``assess=<enrolment id>``), complete the run (``complete_run``) or issue the run's
    certificates in the background (``issue``)."""

    template_name = "certificates/admin/run_completion.html"
    header_icon = "success"
    page_title = gettext_lazy("Completion and certificates")

    def dispatch(self, request, run_id):
        self.run = _staff_run(request, run_id)
        return super().dispatch(request, run_id)

    def get_page_subtitle(self):
        return str(self.run)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        verdicts = evaluate_run(self.run)
        done = (
            self.run.enrolments.filter(state=Enrolment.State.COMPLETED)
            .select_related("user", "certificate")
            .order_by("user__last_name", "pk")
        )
        context.update(
            run=self.run,
            rule=rule_for(self.run.module_id),
            verdicts=verdicts,
            completed=done,
            registers=ProfessionalRegister.objects.filter(
                accreditations__module_id=self.run.module_id
            ).distinct(),
        )
        return context

    def post(self, request, run_id):
        try:
            if "assess" in request.POST:
                self._assess(request)
            elif "complete_run" in request.POST:
                self._complete(request)
            elif "issue" in request.POST:
                services.enqueue_run_issue(self.run, user=request.user)
                messages.success(request, _("The certificates are being issued."))
        except CertificateError as error:
            messages.error(request, str(error))
        return redirect(request.path)

    def _assess(self, request):
        try:
            enrolment = self.run.enrolments.get(pk=int(request.POST["assess"]))
        except (ValueError, Enrolment.DoesNotExist) as exc:
            raise Http404 from exc
        passed = {"yes": True, "no": False}.get(request.POST.get(f"passed-{enrolment.pk}"))
        grade = request.POST.get(f"grade-{enrolment.pk}", "").strip() or None
        services.record_assessment(enrolment, user=request.user, passed=passed, grade=grade)
        messages.success(
            request, _("The assessment of %(name)s was saved.") % {"name": enrolment.user}
        )

    def _complete(self, request):
        outcome = services.complete_run(self.run, user=request.user)
        messages.success(
            request,
            _("%(completed)s completed, %(failed)s not passed.")
            % {"completed": len(outcome.completed), "failed": len(outcome.not_passed)},
        )
        for enrolment, reasons in outcome.not_passed:
            messages.warning(request, f"{enrolment.user}: {' '.join(reasons)}")


def register_attendance_csv(request, run_id, register_id):
    """The attendance list one register asks for: per certificate of the run, the holder's
    registration number and name, the module, accreditation number, date, PE points and the
    sessions attended."""
    run = _staff_run(request, run_id)
    register = get_object_or_404(ProfessionalRegister, pk=register_id)
    lines = (
        CertificateRegisterLine.objects.filter(
            register=register,
            certificate__enrolment__run=run,
            certificate__revoked_at__isnull=True,
        )
        .select_related("certificate__enrolment")
        .order_by("certificate__holder_name", "pk")
    )
    sessions = run.sessions.count()
    attended = dict(
        run.enrolments.filter(attendances__present=True)
        .values("pk")
        .annotate(n=Count("attendances"))
        .values_list("pk", "n")
    )
    header = [
        _("Registration number"),
        _("Name"),
        _("Module"),
        _("Accreditation number"),
        _("Completion date"),
        _("PE points"),
        _("Sessions attended"),
        _("Verification code"),
    ]
    rows = [
        [
            line.registration_number,
            line.certificate.holder_name,
            line.certificate.module_title,
            line.accreditation_number,
            line.certificate.completion_date,
            line.points,
            f"{attended.get(line.certificate.enrolment_id, 0)}/{sessions}",
            line.certificate.formatted_code,
        ]
        for line in lines
    ]
    return csv_response(f"presentielijst-{run.code}-{register.code}.csv", [header, *rows])


def run_certificates_zip(request, run_id):
    """All certificates of the run as one ZIP of PDFs (missing PDFs are rendered first)."""
    run = _staff_run(request, run_id)
    certificates = Certificate.objects.for_user(request.user).filter(enrolment__run=run)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            certificate = services.ensure_pdf(certificate)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(f"certificaat-{certificate.formatted_code}.pdf", handle.read())
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="certificaten-{run.code}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


class CertificateActionView(TitledAdminMixin, TemplateView):
    """Revoke a certificate with a reason, or correct the holder's printed name."""

    template_name = "certificates/admin/certificate_actions.html"
    header_icon = "doc-full"
    page_title = gettext_lazy("Revoke or correct")

    def dispatch(self, request, pk):
        self.certificate = get_object_or_404(Certificate.objects.for_user(request.user), pk=pk)
        if not any(
            may_act_on_certificate(request.user, action, self.certificate)
            for action in CERTIFICATE_ACTIONS
        ):
            raise PermissionDenied
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.certificate)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "certificate": self.certificate}

    def post(self, request, pk):
        action = "revoke" if "revoke" in request.POST else "correct_name"
        if not may_act_on_certificate(request.user, action, self.certificate):
            raise PermissionDenied
        try:
            if "revoke" in request.POST:
                services.revoke_certificate(
                    self.certificate, user=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("The certificate has been revoked."))
            elif "correct" in request.POST:
                services.correct_name(
                    self.certificate, user=request.user, name=request.POST.get("name", "")
                )
                messages.success(request, _("The name has been corrected and the PDF reissued."))
        except CertificateError as error:
            messages.error(request, str(error))
        return redirect(reverse("certificates_certificate_actions", args=[pk]))
