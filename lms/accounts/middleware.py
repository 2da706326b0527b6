"""Activates the interface language: the account's choice, else the visitor's cookie, else
Dutch. Never taken from the URL, and the browser's Accept-Language is not consulted, so the
site is Dutch unless a person chose English."""

from django.conf import settings
from django.utils import translation


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request_language(request)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.activate(previous)
        response.headers.setdefault("Content-Language", language)
        return response


def request_language(request) -> str:
    """The language code for ``request``: the account's choice, else the language cookie, else
    ``settings.LANGUAGE_CODE``; only codes in ``settings.LANGUAGES``."""
    supported = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in supported:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in supported:
        return cookie
    return settings.LANGUAGE_CODE


class AdminSecondFactorMiddleware:
    """Every account that can open the Wagtail admin passes a second factor before any admin
    page (setup on the first visit, a code once per session after that). The admin's own
    login and logout pages stay reachable; people without admin access are left alone."""

    OPEN_NAMES = {"wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect
        from django.urls import Resolver404, resolve, reverse
        from django.utils.http import urlencode

        from . import second_factor

        admin_root = reverse("wagtailadmin_home")
        if request.path.startswith(admin_root) and second_factor.can_open_admin(request.user):
            try:
                name = resolve(request.path).url_name or ""
            except Resolver404:
                name = ""
            if name not in self.OPEN_NAMES and not second_factor.is_verified(request):
                target = "accounts:second_factor"
                if not second_factor.has_second_factor(request.user):
                    target = "accounts:second_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)
