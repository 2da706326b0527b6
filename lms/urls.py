from django.conf import settings
from django.urls import include, path
from django.views.generic.base import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lms.accounts.admin_scope_views import ScopedLogEntriesView
from lms.accounts.views import set_language

handler400 = "lms.accounts.bad_input.bad_request"

urlpatterns = [
    # The site history, scoped (before Wagtail's own at the same address; same names reverse).
    path(
        "beheer/reports/site-history/",
        require_admin_access(ScopedLogEntriesView.as_view()),
        name="scoped_site_history",
    ),
    path(
        "beheer/reports/site-history/results/",
        require_admin_access(ScopedLogEntriesView.as_view(results_only=True)),
        name="scoped_site_history_results",
    ),
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
    path("account/", include("lms.accounts.urls")),
    path("inschrijven/", include("lms.enrolment.urls")),
    path("mijn/", include("lms.portal.urls")),
    path("facturen/", include("lms.billing.urls")),
    path("certificaat/", include("lms.certificates.urls")),
    path("taal/", set_language, name="set_language"),
    path("", include("home.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
    # Browsers that ignore <link rel="icon"> still ask for /favicon.ico.
    path(
        "favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)
    ),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.BILLING_PAYMENT_PROVIDER == "fake":  # the fake provider's test checkout page only
    from lms.billing.fake_checkout import fake_checkout

    urlpatterns.insert(
        0,
        path(
            "facturen/testbetaling/<str:payment_id>/", fake_checkout, name="billing_fake_checkout"
        ),
    )

if settings.BENCH_BARE_VIEW:  # the benchmark's yardstick; never on in a real deployment
    from bench.bare_view import bare

    urlpatterns.append(path("bench/bare/", bare))

if settings.DEBUG:
    # Uploaded images for the development server; documents only through Wagtail's serve view
    # (/documenten/…), which checks who may download a lesson's document (lms.learning).
    import posixpath

    from django.http import Http404
    from django.urls import re_path
    from django.views.static import serve

    def media(request, path):
        if posixpath.normpath("/" + path).lstrip("/").startswith("documents/"):
            raise Http404
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns.append(re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media))

urlpatterns += [path("", include(wagtail_urls))]
