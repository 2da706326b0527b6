"""Production settings, driven by environment variables (see docs/deploy.md).

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL (PostgreSQL), SITE_URL.
Recommended: REDIS_URL (shared cache; required with more than one app server).
Optional: EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD/EMAIL_USE_TLS,
CSRF_TRUSTED_ORIGINS, MEDIA_ROOT, PRIVATE_MEDIA_ROOT, CONN_MAX_AGE, SECURE_HSTS_SECONDS,
and for S3-compatible storage: AWS_STORAGE_BUCKET_NAME (public media),
AWS_PRIVATE_STORAGE_BUCKET_NAME (certificates, invoices, quotes), AWS_S3_ENDPOINT_URL,
AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
"""

import os

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, INSTALLED_APPS, MIDDLEWARE, STORAGES

DEBUG = False
BILLING_REFUSE_EXAMPLE_SELLERS = True  # billing.E004: no demo seller profiles in production
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

# WhiteNoise serves the collected static files right after the security middleware.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Background work: django-tasks-db stores tasks in PostgreSQL; `manage.py db_worker` runs them.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _s3 = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "default_acl": "public-read",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # Private files never get a public URL: no ACL, and our views stream them after for_user().
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ.get(
                "AWS_PRIVATE_STORAGE_BUCKET_NAME", os.environ["AWS_STORAGE_BUCKET_NAME"]
            ),
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Payments: Mollie unless a demo explicitly allows the fake provider (system check
# billing.E001 refuses to start otherwise; lms/billing/checks.py).
BILLING_PAYMENT_PROVIDER = os.environ.get("BILLING_PAYMENT_PROVIDER", "mollie")
BILLING_REFUSE_FAKE_PROVIDER = True
BILLING_ALLOW_FAKE_PROVIDER = os.environ.get("BILLING_ALLOW_FAKE_PROVIDER") == "1"
if BILLING_PAYMENT_PROVIDER == "mollie":  # the checkout form redirects to Mollie's page
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = ["'self'", "https://www.mollie.com"]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "WARNING"}},
}

# EU VAT ids of business buyers are checked with VIES (lms.billing.business).
BILLING_VIES_CHECK = True
