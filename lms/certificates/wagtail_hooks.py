"""Admin for certificates: view only; they are issued by the enrolment flow."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.accounts.admin_policies import ServiceOnlyPermissionPolicy

from .models import Certificate


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 210
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = [
        "holder_name",
        "module_title",
        "institution_name",
        "completion_date",
        "formatted_code",
    ]
    search_fields = ["holder_name", "module_title", "code"]
    inspect_view_fields = [
        "holder_name",
        "module_title",
        "institution_name",
        "completion_date",
        "study_load_hours",
        "pe_points",
        "formatted_code",
        "issued_at",
    ]

    def get_queryset(self, request):
        return Certificate.objects.for_user(request.user)


register_permission_policy(Certificate, ServiceOnlyPermissionPolicy(Certificate))
register_snippet(CertificateViewSet)


@hooks.register("register_log_actions")
def register_certificate_actions(actions):
    actions.register_action("certificate.issue", _("Certificate issued"), _("Certificate issued"))
