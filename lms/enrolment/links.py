"""Absolute links in enrolment e-mails: offers, invitation claims and calendar feeds."""

import datetime as dt

from django.conf import settings
from django.urls import reverse

from lms.accounts.signed_links import LinkExpired, read_id, sign_id

CLAIM_SALT = "lms.enrolment.claim"


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def offer_url(offer) -> str:
    """The page where the person accepts or declines ``offer``."""
    return _absolute(reverse("enrolment:offer", args=[offer.token]))


def claim_token(enrolment) -> str:
    """A signed token naming the pending enrolment an invited colleague may claim."""
    return sign_id(enrolment.pk, salt=CLAIM_SALT)


# The claim token is genuine but older than ``settings.CLAIM_LINK_DAYS``.
ClaimLinkExpired = LinkExpired


def claim_enrolment_id(token: str) -> int | None:
    """The enrolment id in ``token``, or ``None`` when it was forged.

    Raises: ClaimLinkExpired when the token is older than ``CLAIM_LINK_DAYS`` days (default
    14): the colleague then gets in with "Forgot your password?" (reset works for accounts
    that never chose a password).
    """
    max_age = dt.timedelta(days=getattr(settings, "CLAIM_LINK_DAYS", 14))
    return read_id(token, salt=CLAIM_SALT, max_age=max_age)


def claim_url(enrolment) -> str:
    """The page where an invited colleague claims their place."""
    return _absolute(reverse("enrolment:claim", args=[claim_token(enrolment)]))


def evaluation_url(enrolment) -> str:
    """The page where the participant fills in the evaluation of ``enrolment``'s run."""
    return _absolute(reverse("enrolment:evaluation", args=[enrolment.pk]))
