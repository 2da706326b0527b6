"""Authentication by e-mail address, case-insensitive."""

from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Django's model backend; the user manager looks e-mail addresses up case-insensitively."""
