"""Admin for certificates and their configuration: completion rules, registers and
accreditations, institution templates. Certificates and assessment results change only through
services (view only here; the run's completion page and the revoke/correct page act)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.accounts.admin_policies import ServiceOnlyPermissionPolicy
from lms.accounts.admin_scope import register_scope
from lms.accounts.admin_scope_views import ScopedSnippetViewSet
from lms.enrolment.models import CourseRun

from . import scope
from .admin_views import (
    CertificateActionView,
    RunCompletionView,
    register_attendance_csv,
    run_certificates_zip,
)
from .models import (
    Accreditation,
    AssessmentResult,
    Certificate,
    CertificateTemplate,
    CompletionRule,
    ProfessionalRegister,
)


class CertificateViewSet(ScopedSnippetViewSet):
    """Certificates, view and inspect only; revoking and correcting go through the certificate
    services (the "Revoke or correct" page)."""

    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    inspect_view_enabled = True
    list_display = [
        "holder_name",
        "module_title",
        "institution_name",
        "completion_date",
        "formatted_code",
        "revoked_at",
    ]
    search_fields = ["holder_name", "module_title", "code"]
    inspect_view_fields = [
        "holder_name",
        "module_title",
        "institution_name",
        "completion_date",
        "study_load_hours",
        "pe_points",
        "valid_until",
        "signatory_name",
        "formatted_code",
        "issued_at",
        "revoked_at",
        "revocation_reason",
        "corrected_on",
    ]


class AssessmentResultViewSet(ScopedSnippetViewSet):
    """Assessment results, view only (recorded on the run's completion page)."""

    model = AssessmentResult
    icon = "tick"
    menu_label = _("Assessment results")
    list_display = ["enrolment", "passed", "grade", "recorded_at"]

    def get_queryset(self, request):
        """The visible results with their participant and module in the same query."""
        return (
            super()
            .get_queryset(request)
            .select_related("enrolment__user", "enrolment__run__module")
        )


class CompletionRuleViewSet(ScopedSnippetViewSet):
    """Completion rules per module (attendance, assessment, validity), scoped to the user's
    institutions."""

    model = CompletionRule
    icon = "list-ul"
    menu_label = _("Completion rules")
    list_display = [
        "module",
        "min_attendance_percent",
        "assessment",
        "requires_lessons",
        "validity_years",
    ]


class ProfessionalRegisterViewSet(ScopedSnippetViewSet):
    """The professional registers (PE points) that accreditations refer to."""

    model = ProfessionalRegister
    icon = "group"
    menu_label = _("Professional registers")
    list_display = ["name", "code"]


class AccreditationViewSet(ScopedSnippetViewSet):
    """Accreditations of modules by professional registers (points, number, validity)."""

    model = Accreditation
    icon = "pick"
    menu_label = _("Accreditations")
    list_display = ["module", "register", "points", "number", "valid_from", "valid_until"]
    list_filter = ["register"]


class CertificateTemplateViewSet(ScopedSnippetViewSet):
    """Each institution's certificate template (logo, signatory)."""

    model = CertificateTemplate
    icon = "image"
    menu_label = _("Certificate templates")
    list_display = ["institution", "signatory_name"]


class CertificateGroup(SnippetViewSetGroup):
    """The admin menu group "Certificates" with the six listings above."""

    menu_label = _("Certificates")
    menu_icon = "doc-full"
    menu_order = 210
    items = (
        CertificateViewSet,
        AssessmentResultViewSet,
        CompletionRuleViewSet,
        ProfessionalRegisterViewSet,
        AccreditationViewSet,
        CertificateTemplateViewSet,
    )


register_scope(
    Certificate, ServiceOnlyPermissionPolicy(Certificate), act=scope.may_act_on_certificate
)
register_scope(AssessmentResult, ServiceOnlyPermissionPolicy(AssessmentResult))
register_scope(CompletionRule, ModelPermissionPolicy(CompletionRule), view=scope.completion_rules)
register_scope(Accreditation, ModelPermissionPolicy(Accreditation), view=scope.accreditations)
register_scope(
    ProfessionalRegister, ModelPermissionPolicy(ProfessionalRegister), view=scope.registers
)
register_scope(
    CertificateTemplate, ModelPermissionPolicy(CertificateTemplate), view=scope.templates
)
register_snippet(CertificateGroup)


@hooks.register("register_admin_urls")
def register_certificate_urls():
    """The run's completion page, its ZIP of certificates and register CSV, and the revoke/correct
    page."""
    return [
        path(
            "runs/<int:run_id>/afronden/",
            RunCompletionView.as_view(),
            name="certificates_run_completion",
        ),
        path(
            "runs/<int:run_id>/certificaten.zip",
            run_certificates_zip,
            name="certificates_run_zip",
        ),
        path(
            "runs/<int:run_id>/presentielijst/<int:register_id>.csv",
            register_attendance_csv,
            name="certificates_run_register_csv",
        ),
        path(
            "certificaten/<int:pk>/intrekken/",
            CertificateActionView.as_view(),
            name="certificates_certificate_actions",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def certificate_listing_buttons(snippet, user, next_url=None):
    """Buttons on run rows (completion and certificates) and on certificate rows (revoke or
    correct). The listings are already scoped by for_user(); this only picks the rows."""
    if isinstance(snippet, CourseRun):
        yield ListingButton(
            _("Completion and certificates"),
            reverse("certificates_run_completion", args=[snippet.pk]),
            icon_name="success",
            priority=20,
        )
    if isinstance(snippet, Certificate):
        yield ListingButton(
            _("Revoke or correct"),
            reverse("certificates_certificate_actions", args=[snippet.pk]),
            icon_name="warning",
            priority=20,
        )


@hooks.register("register_log_actions")
def register_certificate_actions(actions):
    """The certificate actions of the action log, with their Dutch labels."""
    for name, label, message in (
        ("certificates.issue", _("Certificate issued"), _("Certificate issued")),
        ("certificates.revoke", _("Certificate revoked"), _("Certificate revoked")),
        ("certificates.correct_name", _("Name corrected"), _("Name on certificate corrected")),
        ("certificates.assessment", _("Assessment recorded"), _("Assessment recorded")),
        ("certificates.complete_run", _("Run completed"), _("Run completed")),
        (
            "certificates.register_number",
            _("Registration number recorded"),
            _("Registration number recorded"),
        ),
    ):
        actions.register_action(name, label, message)
