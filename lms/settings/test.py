"""Test settings: fast hashing, tasks run immediately, files in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, private_files

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_tmp = Path(tempfile.mkdtemp(prefix="gebiedsschool-test-"))
MEDIA_ROOT = _tmp / "media"
PRIVATE_MEDIA_ROOT = _tmp / "private"
STORAGES = {**STORAGES, "private": private_files(PRIVATE_MEDIA_ROOT)}
# Tasks run immediately: base's TASKS (the ImmediateBackend) is kept.
WAGTAILADMIN_BASE_URL = "http://testserver"
SITE_URL = "http://testserver"
# Pages are rendered afresh in tests; tests/courses/test_page_cache.py switches the cache on.
PAGE_CACHE_SECONDS = 0
