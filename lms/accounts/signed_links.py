"""Signed, expiring link tokens: the one mechanism behind the claim links of organisation
batches (``lms.enrolment.links``) and the staff invitations (``lms.accounts.staff_invitations``).

A token is Django's ``signing.dumps`` of an object id under a purpose-specific salt; it carries
its own timestamp, so its age is checked on reading without storing the token anywhere.
Single use, revocation and the like are the caller's state, not the token's.
"""

import datetime as dt

from django.core import signing


class LinkExpired(Exception):
    """The token is genuine but older than the ``max_age`` it was read with."""


def sign_id(pk: int, *, salt: str) -> str:
    """A URL-safe signed token naming the object id ``pk`` for the purpose ``salt``."""
    return signing.dumps(pk, salt=salt)


def read_id(token: str, *, salt: str, max_age: dt.timedelta | None) -> int | None:
    """The object id in ``token``, or ``None`` when it was forged or made for another salt.
    ``max_age=None`` checks only the signature (for callers whose object keeps its own
    expiry, such as a staff invitation's ``expires_at``).

    Raises:
        LinkExpired: the token is genuine but older than ``max_age``.
    """
    try:
        return int(signing.loads(token, salt=salt, max_age=max_age))
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, TypeError, ValueError):
        return None
