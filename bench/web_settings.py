"""The production settings as ``bench/web_checks.py`` serves them: plain HTTP on 127.0.0.1.

The checks send ``X-Forwarded-Proto: https`` with every page, as the proxy does, but Lighthouse
fetches robots.txt without it; the redirect to HTTPS (which the proxy's address would answer)
is off, so that request reaches the site. Everything else is ``lms.settings.production``."""

from lms.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
