"""Programme-team page in the admin: approve or reject a contact request."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from lms.accounts.admin_header import TitledAdminMixin

from . import services
from .exceptions import AccountError
from .models import OrganisationMembership


class DecideMembershipView(TitledAdminMixin, TemplateView):
    """GET: show the request. POST ``decision=approve|reject``: decide through the service."""

    template_name = "accounts/admin/decide_membership.html"
    page_title = gettext_lazy("Contact request")
    header_icon = "user"

    def dispatch(self, request, pk):
        if not request.user.is_programme_team:
            raise PermissionDenied
        self.membership = get_object_or_404(
            OrganisationMembership.objects.for_user(request.user).select_related(
                "user", "organisation"
            ),
            pk=pk,
        )
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(membership=self.membership, **kwargs)

    def post(self, request, pk):
        decision = request.POST.get("decision")
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choose approve or reject."))
            return redirect(request.path)
        approve = decision == "approve"
        try:
            services.decide_membership(self.membership, approve=approve, by=request.user)
        except AccountError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        text = _("Request of %(user)s approved.") if approve else _("Request of %(user)s rejected.")
        messages.success(request, text % {"user": self.membership.user})
        return redirect(reverse("wagtailsnippets_accounts_organisationmembership:list"))
