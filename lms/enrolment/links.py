"""Absolute links in enrolment e-mails: offers, invitation claims and calendar feeds."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

CLAIM_SALT = "lms.enrolment.claim"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def offer_url(offer) -> str:
    """The page where the person accepts or declines ``offer``."""
    return _absolute(reverse("enrolment:offer", args=[offer.token]))


def claim_token(enrolment) -> str:
    """A signed token naming the pending enrolment an invited colleague may claim."""
    return signing.dumps(enrolment.pk, salt=CLAIM_SALT)


class ClaimLinkExpired(Exception):
    """The claim token is genuine but older than ``settings.CLAIM_LINK_DAYS``."""


def claim_enrolment_id(token: str) -> int | None:
    """The enrolment id in ``token``, or ``None`` when it was forged.

    Raises: ClaimLinkExpired when the token is older than ``CLAIM_LINK_DAYS`` days (default
    14): the colleague then gets in with "Forgot your password?" (reset works for accounts
    that never chose a password).
    """
    max_age = dt.timedelta(days=getattr(settings, "CLAIM_LINK_DAYS", 14))
    try:
        return int(signing.loads(token, salt=CLAIM_SALT, max_age=max_age))
    except signing.SignatureExpired as error:
        raise ClaimLinkExpired from error
    except (signing.BadSignature, TypeError, ValueError):
        return None


def claim_url(enrolment) -> str:
    """The page where an invited colleague claims their place."""
    return _absolute(reverse("enrolment:claim", args=[claim_token(enrolment)]))


def evaluation_url(enrolment) -> str:
    """The page where the participant fills in the evaluation of ``enrolment``'s run."""
    return _absolute(reverse("enrolment:evaluation", args=[enrolment.pk]))
