"""Content-Security-Policy (django-csp): one strict policy for the site, and for the Wagtail
admin the same plus inline scripts and styles (Wagtail 8's date widgets and inline panels
still write inline ``<script>``). No third-party origin except the video embeds and, while
Mollie is the provider, its checkout as a form target."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; under the admin's URL prefix the policy is widened by
    ``settings.CSP_ADMIN_UPDATE``."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_ADMIN_PREFIX):
            parts.update = {**settings.CSP_ADMIN_UPDATE, **(parts.update or {})}
        return parts
