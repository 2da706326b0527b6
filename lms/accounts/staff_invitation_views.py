"""The invitee's page (``/account/uitnodiging/<token>/``): accept an invitation to become an
institution's editor or manager. A new person chooses name and password; a person with an
account logs in with it and accepts. Either way the admin then asks for the second factor
(``AdminSecondFactorMiddleware``: set up the app on the first visit). The rules live in
:mod:`lms.accounts.staff_invitations`."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import staff_invitations
from .models import normalise_email
from .staff_invitation_forms import AcceptNewAccountForm

BACKEND = "lms.accounts.backends.EmailBackend"


def _render(request, template, context, status=200):
    response = render(request, f"accounts/{template}.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _closed(request, reason: str, invitation=None, status=410):
    return _render(
        request,
        "staff_invitation_closed",
        {"reason": reason, "invitation": invitation},
        status=status,
    )


@never_cache
def accept(request, token: str):
    """GET: what the invitation is and what to do; POST: accept it (see the module doc).
    Unknown links answer 404, used, withdrawn or expired ones 410, both with a friendly
    page; a person logged in with another address is told to log out first (403)."""
    try:
        invitation = staff_invitations.from_token(token)
    except staff_invitations.InvitationUnknown:
        return _closed(request, "unknown", status=404)
    except staff_invitations.InvitationClosed as closed:
        return _closed(request, closed.reason, closed.invitation)
    account = staff_invitations.account_for(invitation)
    has_password = account is not None and account.has_usable_password()
    context = {"invitation": invitation, "has_password": has_password}
    if request.user.is_authenticated:
        if normalise_email(request.user.email) != invitation.email:
            return _render(request, "staff_invitation_other_account", context, status=403)
        if has_password:
            return _accept_logged_in(request, invitation, context)
    elif has_password:
        login_url = reverse("accounts:login") + "?" + urlencode({"next": request.path})
        return _render(request, "staff_invitation_accept", {**context, "login_url": login_url})
    return _accept_new(request, invitation, context)


def _accept_logged_in(request, invitation, context):
    if request.method == "POST":
        try:
            staff_invitations.accept(invitation, user=request.user)
        except staff_invitations.InvitationError as error:
            messages.error(request, str(error))
        else:
            return _to_admin(request, invitation)
    return _render(request, "staff_invitation_accept", context)


def _accept_new(request, invitation, context):
    form = AcceptNewAccountForm(invitation.email, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = staff_invitations.accept_with_new_password(
                invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
            )
        except staff_invitations.InvitationError as error:
            form.add_error(None, str(error))
        else:
            login(request, user, backend=BACKEND)
            return _to_admin(request, invitation)
    return _render(request, "staff_invitation_accept", {**context, "form": form})


def _to_admin(request, invitation):
    messages.success(
        request,
        _("You are now %(role)s of %(institution)s. Next: the second step of your login.")
        % {
            "role": str(invitation.get_role_display()).lower(),
            "institution": invitation.institution.title,
        },
    )
    return redirect("wagtailadmin_home")
