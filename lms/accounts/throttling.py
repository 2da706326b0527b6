"""Login throttling (django-axes): the lock-out hits the combination of account and client
address, never the account alone, so nobody can lock someone else out from their own
address. The cool-off grows with the number of addresses that were locked out on the same
account in the last day (a slower per-account back-off against spread-out guessing); the
programme team unlocks an account.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .exceptions import AccountError
from .models import normalise_email

#: First cool-off after AXES_FAILURE_LIMIT wrong passwords from one address for one account.
BASE_COOL_OFF = dt.timedelta(minutes=15)
#: The longest cool-off, however many addresses guessed at the account.
MAX_COOL_OFF = dt.timedelta(hours=24)


def username_of(request, credentials) -> str:
    """The account name axes counts: the e-mail address as the login normalises it."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(str(raw))[:254]


def cool_off(request) -> dt.timedelta:
    """How long an account+address pair stays locked: ``BASE_COOL_OFF`` doubled for each
    other address locked out on the same account within a day, at most ``MAX_COOL_OFF``."""
    from axes.models import AccessAttempt
    from django.utils import timezone

    username = username_of(request, None) if request is not None else ""
    if not username:
        return BASE_COOL_OFF
    locked_elsewhere = AccessAttempt.objects.filter(
        username=username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - dt.timedelta(days=1),
    ).count()
    factor = 2 ** max(0, min(locked_elsewhere - 1, 10))
    return min(BASE_COOL_OFF * factor, MAX_COOL_OFF)


def locked_out_response(request, original_response=None, credentials=None):
    """The page shown while an account+address pair is locked (HTTP 429, Retry-After)."""
    import math

    from django.shortcuts import render

    pause = cool_off(request)
    minutes = max(1, math.ceil(pause.total_seconds() / 60))
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(int(pause.total_seconds()))
    return response


@transaction.atomic
def unlock(person, *, by) -> int:
    """Clear the failed logins of ``person`` from every address, so they can log in again.

    Returns: the number of cleared records. Raises: AccountError unless ``by`` is in the
    programme team.
    """
    from axes.utils import reset

    if not by.is_programme_team:
        raise AccountError(_("Only the programme team can unlock a login."))
    cleared = reset(username=normalise_email(person.email))
    audit.record(person, "accounts.login.unlock", user=by, cleared=cleared)
    return cleared


def locked_addresses(person) -> list[str]:
    """The client addresses currently counted against ``person``'s account (for staff)."""
    from axes.models import AccessAttempt

    return list(
        AccessAttempt.objects.filter(
            username=normalise_email(person.email),
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        ).values_list("ip_address", flat=True)
    )
