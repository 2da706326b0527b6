"""The second-factor pages: set up an authenticator app, enter a code, and (programme team)
reset a colleague's lost device. The rules live in :mod:`lms.accounts.second_factor`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from lms.accounts.admin_header import TitledAdminMixin

from . import second_factor, throttling
from .exceptions import AccountError
from .models import User
from .redirects import safe_next

ADMIN_HOME = "wagtailadmin_home"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy("The six digits from your app, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': safe_next(request, ADMIN_HOME)})}"


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def setup(request):
    """Add an authenticator app: show its secret and QR code, confirm with a first code, then
    show the recovery codes once."""
    if not second_factor.can_open_admin(request.user):
        raise PermissionDenied
    if second_factor.has_second_factor(request.user) and not second_factor.is_verified(request):
        return redirect(_with_next("accounts:second_factor", request))
    device = second_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_setup(request, device, form.cleaned_data["code"])
        except AccountError as error:
            form.add_error("code", str(error))
        else:
            context = {"codes": codes, "next": safe_next(request, ADMIN_HOME)}
            return _private(render(request, "accounts/second_factor_codes.html", context))
    context = {
        "form": form,
        "next": safe_next(request, ADMIN_HOME),
        **second_factor.setup_details(device),
    }
    return _private(render(request, "accounts/second_factor_setup.html", context))


@never_cache
@login_required
def verify(request):
    """Enter a code from the app (or a recovery code) to open the admin in this session."""
    if not second_factor.has_second_factor(request.user):
        return redirect(_with_next("accounts:second_factor_setup", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["code"]):
            return redirect(safe_next(request, ADMIN_HOME))
        form.add_error("code", _("That code is not right (or was used already). Try again."))
    context = {"form": form, "next": safe_next(request, ADMIN_HOME)}
    return _private(render(request, "accounts/second_factor_verify.html", context))


class AccountSecurityView(TitledAdminMixin, TemplateView):
    """Programme team: a person's second factor and login lock-outs. POST ``action=reset``
    removes their second-factor devices (lost phone); ``action=unlock`` clears their failed
    logins from every address."""

    template_name = "accounts/admin/account_security.html"
    page_title = gettext_lazy("Login security")
    header_icon = "key"

    def dispatch(self, request, pk):
        if not request.user.is_programme_team:
            raise PermissionDenied
        self.person = get_object_or_404(User, pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            has_device=second_factor.has_second_factor(self.person),
            locked_addresses=throttling.locked_addresses(self.person),
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "reset":
            second_factor.reset(self.person, by=request.user)
            text = _("The second factor of %(person)s is reset; they set up a new app next time.")
        elif action == "unlock":
            throttling.unlock(self.person, by=request.user)
            text = _("%(person)s can log in again from every address.")
        else:
            messages.error(request, _("Choose an action."))
            return redirect(request.path)
        messages.success(request, text % {"person": self.person})
        return redirect(request.path)
