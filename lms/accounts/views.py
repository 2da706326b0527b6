"""Sign up, e-mail verification, profile and language choice."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .exceptions import AccountError, EmailTaken
from .forms import ContactRequestForm, ProfileForm, SignUpForm
from .mail_limits import LIMITED_MESSAGE, mail_limited
from .models import OrganisationMembership, User
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
    form = ProfileForm(request.POST or None, instance=request.user)
    contact_form = ContactRequestForm(prefix="contact")
    if request.method == "POST" and form.is_valid():
        form.save()
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
