"""Signed, expiring links for verifying an e-mail address.

The token hashes the verification state, so a link stops working once it has been used; it
expires after ``PASSWORD_RESET_TIMEOUT`` seconds (Django's default: three days).
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "lms.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified_at}{timestamp}"


email_verification_token = EmailVerificationTokenGenerator()
