"""Settings shared by every environment. Environment-specific files import from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # Domain (lms/) first, floor first; the CMS (courses/, home/) sits on top.
    "lms.accounts",
    "lms.enrolment",
    "lms.learning",
    "lms.billing",
    "lms.certificates",
    "lms.bookings",
    "lms.portal",
    "lms.reports",
    "courses",
    "home",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (lms/accounts/csp.py, docs/security.md).
    "lms.accounts.csp.SiteCSPMiddleware",
    # HTML compressed with brotli or gzip (whatever the browser accepts); static files are
    # precompressed by WhiteNoise, which production puts in front of this.
    "compression_middleware.middleware.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lms.accounts.middleware.UserLanguageMiddleware",
    # 400 for a NUL byte in path, query or form (PostgreSQL refuses it; accounts/bad_input.py).
    "lms.accounts.bad_input.RejectNulInputMiddleware",
    # A second factor for every account that can open the admin (docs/security.md).
    "lms.accounts.middleware.AdminSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Anonymous catalogue/module pages from the cache (courses/page_cache.py).
    "courses.page_cache.AnonymousPageCacheMiddleware",
    # Login lock-out (django-axes): last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# SQLite is the embedded default; IMMEDIATE makes writers queue instead of failing with
# "database is locked". DATABASE_URL selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account+address pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "lms.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "/"
# The client address (lms/accounts/client_ip.py): X-Forwarded-For counts only when the request
# comes from one of these proxies (addresses or networks, comma-separated).
TRUSTED_PROXIES = [
    entry.strip() for entry in os.environ.get("TRUSTED_PROXIES", "").split(",") if entry.strip()
]
RATELIMIT_IP_META_KEY = "lms.accounts.client_ip.client_ip"
# Mails a visitor can trigger (password reset, sign-up, resend-verification, newsletter):
# per recipient address and per client address (lms/accounts/mail_limits.py).
MAIL_RATE_PER_ADDRESS = os.environ.get("MAIL_RATE_PER_ADDRESS", "3/h")
MAIL_RATE_PER_CLIENT = os.environ.get("MAIL_RATE_PER_CLIENT", "20/h")

# Login throttling (django-axes, lms/accounts/throttling.py): after 5 wrong passwords the
# pair of account and client address is locked, never the account alone; the cool-off grows
# with the number of addresses locked on the same account. The programme team unlocks.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "lms.accounts.throttling.cool_off"
AXES_CLIENT_IP_CALLABLE = "lms.accounts.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "lms.accounts.throttling.username_of"
AXES_LOCKOUT_CALLABLE = "lms.accounts.throttling.locked_out_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # Django's admin is not mounted; the Wagtail admin unlocks
AXES_VERBOSE = False

# Second factor (django-otp): the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = "Gebiedsschool"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Issue 15 (lms/accounts/password_rules.py): common Dutch passwords, "Zomer2026!", names.
    {"NAME": "lms.accounts.password_rules.DutchCommonPasswordValidator"},
    {"NAME": "lms.accounts.password_rules.CalendarYearPasswordValidator"},
    {"NAME": "lms.accounts.password_rules.SiteNamePasswordValidator"},
]
PASSWORD_FORBIDDEN_NAMES = ["Gebiedsschool", "Platform31", "Gebiedstransformatie"]

# Language: Dutch by default, English second. The choice lives on the account (and in a
# cookie for visitors), never in the URL, so links such as /certificaat/<code>/ never move.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "gs_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Private files (certificates, invoices, quotes) live outside MEDIA_ROOT and have no URL:
# they are served only through views that check for_user().
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))


def private_files(location: Path) -> dict:
    """The ``STORAGES["private"]`` entry: files in the folder ``location``, without a URL."""
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location, "base_url": None},
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": private_files(PRIVATE_MEDIA_ROOT),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Background work: django_tasks (the backport Wagtail uses). Development runs tasks
# immediately; a deployment uses django-tasks-db and its db_worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Cache: Redis when REDIS_URL is set (needed as soon as there is more than one app process),
# local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gs",
        }
    }
    # Sessions are read from Redis and written through to the database, so a logged-in
    # request asks the database nothing about its session while the cache holds it.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous catalogue and module pages are cached this many seconds at most; publishing a page
# invalidates them at once. Run data (dates, seats left, open or not) is never staler than this.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "5"))

# bench/pages.py sets this to mount its bare yardstick view at /bench/bare/.
BENCH_BARE_VIEW = os.environ.get("BENCH_BARE_VIEW") == "1"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Gebiedsschool <noreply@gebiedsschool.nl>"
)

WAGTAIL_SITE_NAME = "Gebiedsschool"
# No Gravatar: a hash of a person's e-mail address must not leave the site (avatars are
# initials or uploads).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
SITE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Dutch stemming without diacritics, created by a courses migration (PostgreSQL only), so
    # "financien" finds "financiën" there as it does in SQLite's FTS5.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch_unaccent"
WAGTAIL_I18N_ENABLED = False
# mp4, webm and vtt: a lesson's uploaded video and its captions (courses/lesson_blocks.py).
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "mp4",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "vtt",
    "webm",
    "xlsx",
    "zip",
]
# Documents go through Wagtail's serve view, where lms.learning guards the lessons' ones.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
TAGGIT_CASE_INSENSITIVE = True

# Proxy-aware cookies etc. are set per environment.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
LANGUAGE_COOKIE_SECURE = False

# Public certificate verification (/certificaat/<code>/): lookups per client address and
# minute (django-ratelimit syntax); the listed client addresses (e.g. a benchmark or a
# register's checking service) are never limited.
CERTIFICATE_VERIFY_RATE = os.environ.get("CERTIFICATE_VERIFY_RATE", "30/m")
CERTIFICATE_VERIFY_EXEMPT_IPS = [
    ip.strip()
    for ip in os.environ.get("CERTIFICATE_VERIFY_EXEMPT_IPS", "").split(",")
    if ip.strip()
]

# Billing: the payment provider used for online payments ("fake" or "mollie").
BILLING_PAYMENT_PROVIDER = os.environ.get("BILLING_PAYMENT_PROVIDER", "fake")
MOLLIE_API_KEY = os.environ.get("MOLLIE_API_KEY", "")
# The version of the terms and conditions a person accepts at checkout.
BILLING_TERMS_VERSION = "2026-01"
# Check EU VAT ids of business buyers with the Commission's VIES service (production only).
BILLING_VIES_CHECK = False
# Invitation (claim) links from organisation batches stop working after this many days.
CLAIM_LINK_DAYS = int(os.environ.get("CLAIM_LINK_DAYS", "14"))
# Invitations of institution editors and managers can be accepted for this many days.
STAFF_INVITATION_DAYS = int(os.environ.get("STAFF_INVITATION_DAYS", "7"))
# The programme team's shared mailbox: told when a quote is accepted.
PROGRAMME_TEAM_EMAIL = os.environ.get("PROGRAMME_TEAM_EMAIL", "info@gebiedsschool.nl")
# Production turns this on: example (VOORBEELD) seller profiles then fail the system checks.
BILLING_REFUSE_EXAMPLE_SELLERS = False

# Participant evaluations stay open (and editable) this many days after a run's last session.
EVALUATION_OPEN_DAYS = int(os.environ.get("EVALUATION_OPEN_DAYS", "14"))

# Content-Security-Policy (django-csp; lms/accounts/csp.py). Everything is served from this
# site; frames only for the video embeds; the admin adds inline scripts and styles.
CSP_VIDEO_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_VIDEO_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"]
        + (["https://www.mollie.com"] if BILLING_PAYMENT_PROVIDER == "mollie" else []),
        "frame-ancestors": ["'self'"],
    }
}
CSP_ADMIN_PREFIX = "/beheer/"
CSP_ADMIN_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}
# The admin shows no avatars from gravatar.com (a third party).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
