"""Sign up, e-mail verification, profile and language choice."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import email_change, erasure, personal_data, services
from .exceptions import AccountError, EmailTaken
from .forms import ContactRequestForm, EmailChangeForm, ProfileForm, SignUpForm
from .mail_limits import LIMITED_MESSAGE, mail_limited
from .models import OrganisationMembership, User
from .personal_data_pdf import render_personal_data_pdf
from .redirects import safe_next
from .tokens import email_verification_token


def private(response):
    """Mark a response that shows personal data as not cacheable anywhere."""
    response["Cache-Control"] = "private, no-store"
    return response


def signup(request):
    if request.user.is_authenticated:
        return redirect("portal:dashboard")
    form = SignUpForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and mail_limited(request, "signup", request.POST.get("email", "")):
        form.add_error(None, LIMITED_MESSAGE)
        return private(render(request, "accounts/signup.html", {"form": form}, status=429))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.register(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                language=data["language"],
                certificate_name=data["certificate_name"],
            )
        except EmailTaken:
            services.notify_signup_for_existing_account(data["email"])
            return private(render(request, "accounts/signup_done.html", {"email": data["email"]}))
        except AccountError as error:
            form.add_error("email", str(error))
        else:
            return private(render(request, "accounts/signup_done.html", {"email": user.email}))
    return private(render(request, "accounts/signup.html", {"form": form}))


@never_cache
def verify(request, uidb64, token):
    try:
        user = User.objects.get(pk=int(urlsafe_base64_decode(uidb64).decode()))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not email_verification_token.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    services.verify_email(user)
    messages.success(request, _("Your e-mail address is verified. Welcome!"))
    if request.user.is_authenticated:
        return redirect("portal:dashboard")
    return redirect("accounts:login")


@login_required
@require_POST
def resend_verification(request):
    if request.user.is_verified:
        messages.info(request, _("Your e-mail address is already verified."))
    elif mail_limited(request, "verification", request.user.email):
        messages.error(request, LIMITED_MESSAGE)
    else:
        services.send_verification_email(request.user)
        messages.success(request, _("We sent you a new verification link."))
    return redirect("accounts:profile")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    contact_form = ContactRequestForm(prefix="contact")
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    memberships = OrganisationMembership.objects.filter(user=request.user).select_related(
        "organisation"
    )
    return private(
        render(
            request,
            "accounts/profile.html",
            {"form": form, "contact_form": contact_form, "memberships": memberships},
        )
    )


@login_required
@require_POST
def request_contact(request):
    form = ContactRequestForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            services.request_contact_role(
                request.user, form.cleaned_data["organisation"], form.cleaned_data["job_title"]
            )
        except AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your request has been sent; the programme team will review it.")
            )
    else:
        messages.error(request, _("Please choose an organisation."))
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def set_language(request):
    """Switch the interface language; kept in a cookie, never in the URL.

    POST (with CSRF) also keeps the choice on the account of a logged-in person. Anonymous
    visitors use a plain link (GET), which only sets the cookie: that way cached anonymous pages
    carry no CSRF token.
    """
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    response = HttpResponseRedirect(safe_next(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.method == "POST" and request.user.is_authenticated:
        services.set_language(request.user, language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, rate-limited per address and per client
    (:mod:`lms.accounts.mail_limits`); over the limit it answers 429 and sends nothing."""

    def form_valid(self, form):
        if mail_limited(self.request, "password_reset", form.cleaned_data["email"]):
            form.add_error(None, LIMITED_MESSAGE)
            return private(self.render_to_response(self.get_context_data(form=form), status=429))
        return super().form_valid(form)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def change_password(request):
    """The signed-in person changes their password: the current one, then the new one twice.
    Other sessions end; this one stays signed in."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.change_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("accounts:profile")
    return private(render(request, "accounts/change_password.html", {"form": form}))


@login_required
@never_cache
def my_data(request):
    """The person's own data (AVG art. 15 and 20): a page explaining it, and the download as
    JSON (``?format=json``, machine-readable) or PDF (``?format=pdf``). Only ever the
    signed-in person's data."""
    fmt = request.GET.get("format")
    if fmt == "json":
        body = json.dumps(personal_data.collect(request.user), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        return private(response)
    if fmt == "pdf":
        response = HttpResponse(render_personal_data_pdf(request.user), "application/pdf")
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.pdf"'
        return private(response)
    titles = [section.title for section in personal_data.sections()]
    return private(render(request, "accounts/my_data.html", {"titles": titles}))


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def change_email(request):
    """Ask for a new e-mail address; the link goes to the new address (see
    :mod:`lms.accounts.email_change`), the current one stays in use until it is opened."""
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new_email = email_change.request_email_change(
                request.user, form.cleaned_data["new_email"]
            )
        except AccountError as error:
            form.add_error("new_email", str(error))
        else:
            messages.success(
                request,
                _("We sent a link to %(email)s. Your address changes when you open it.")
                % {"email": new_email},
            )
            return redirect("accounts:profile")
    return private(render(request, "accounts/change_email.html", {"form": form}))


@never_cache
def confirm_email_change(request, token: str):
    """Open the link from the new address: switch to it, or explain why the link fails."""
    try:
        email_change.confirm_email_change(token)
    except AccountError as error:
        return render(request, "accounts/email_change_failed.html", {"error": error}, status=400)
    messages.success(request, _("Your new e-mail address is in use."))
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    return redirect("accounts:login")


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def request_erasure(request):
    """GET: what erasure means and what is kept. POST: ask for it (see
    :mod:`lms.accounts.erasure`); the programme team carries it out within a month."""
    if request.method == "POST":
        item = erasure.request_erasure(request.user)
        messages.success(
            request,
            _("We received your request. We will erase your data by %(date)s at the latest.")
            % {"date": date_format(item.due_on, "j F Y")},
        )
        return redirect("accounts:profile")
    return private(render(request, "accounts/erasure.html"))
