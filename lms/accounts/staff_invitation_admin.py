"""Admin pages of the staff invitations (``/beheer/uitnodigingen/``): the open invitations
with their revoke buttons, and the invitation form. Who may invite whom is asked of
:mod:`lms.accounts.staff_invitations`; the list shows ``StaffInvitation.objects.for_user``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import staff_invitations
from .models import StaffInvitation
from .staff_invitation_forms import InviteForm

INDEX = "accounts_staff_invitations"


def may_open(user) -> bool:
    """Whether ``user`` may open the invitation pages: they may invite someone somewhere."""
    return bool(staff_invitations.invitable_roles(user))


class InvitationsMenuItem(MenuItem):
    """The admin menu item "Invitations", shown only to those who may invite."""

    def is_shown(self, request):
        return may_open(request.user)


class _InviterOnly:
    def dispatch(self, request, *args, **kwargs):
        if not may_open(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class InvitationIndexView(_InviterOnly, WagtailAdminTemplateMixin, TemplateView):
    """The open invitations the person may see, newest first, each with its revoke button
    when the person may withdraw it."""

    template_name = "accounts/admin/staff_invitations.html"
    page_title = gettext_lazy("Invitations")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = (
            StaffInvitation.objects.for_user(user)
            .open()
            .select_related("institution", "invited_by")
        )
        invitations = [
            (row, staff_invitations.may_invite(user, row.institution, row.role)) for row in rows
        ]
        return super().get_context_data(invitations=invitations, **kwargs)


class InvitationCreateView(_InviterOnly, WagtailAdminTemplateMixin, FormView):
    """Invite someone by e-mail (``?institution=<id>`` preselects the institution)."""

    template_name = "accounts/admin/staff_invitation_form.html"
    page_title = gettext_lazy("Invite staff")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        index = {"url": reverse(INDEX), "label": InvitationIndexView.page_title}
        return self.breadcrumbs_items + [index, {"url": "", "label": self.page_title}]

    def get_form(self, form_class=None):
        return InviteForm(self.request.user, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        return super().get_context_data(days=staff_invitations.lifetime().days, **kwargs)

    def get_initial(self):
        return {"institution": self.request.GET.get("institution") or None}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = staff_invitations.invite(
                by=self.request.user,
                institution=data["institution"],
                role=data["role"],
                email=data["email"],
            )
        except staff_invitations.InvitationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Invitation sent to %(email)s; the link works until %(date)s.")
            % {
                "email": invitation.email,
                "date": formats.date_format(timezone.localtime(invitation.expires_at), "j F Y"),
            },
        )
        return redirect(INDEX)


@require_POST
def revoke_invitation(request, pk):
    """Withdraw an open invitation through the service; back to the list with a message."""
    if not may_open(request.user):
        raise PermissionDenied
    invitation = get_object_or_404(StaffInvitation.objects.for_user(request.user), pk=pk)
    try:
        staff_invitations.revoke(invitation, by=request.user)
    except staff_invitations.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The invitation of %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect(reverse(INDEX))
