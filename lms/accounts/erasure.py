"""Erasure on request (AVG art. 17): the person asks on their profile, the request appears on
the programme team's admin dashboard with its one-month deadline (art. 12(3)), and the team
carries it out through :func:`lms.accounts.services.anonymise_user`, which keeps invoices as
the law requires (art. 52 AWR)."""

import calendar
import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import services
from .audit import record
from .models import ErasureRequest, User


def one_month_after(day: dt.date) -> dt.date:
    """The same day one calendar month later (the last day of a shorter month)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def request_erasure(user: User) -> ErasureRequest:
    """Record ``user``'s request, due one month from today (Amsterdam). Asking again while a
    request is open returns that request."""
    open_request = ErasureRequest.objects.filter(user=user, state=ErasureRequest.State.OPEN)
    if existing := open_request.first():
        return existing
    due = one_month_after(timezone.localdate())
    try:
        with transaction.atomic():
            erasure = ErasureRequest.objects.create(user=user, due_on=due)
            record(erasure, "accounts.erasure.request", user=user, to_state="open")
    except IntegrityError:  # a parallel request won; the constraint allows one open request
        return open_request.get()
    return erasure


def carry_out(erasure: ErasureRequest, *, by: User) -> ErasureRequest:
    """Anonymise the person of an open request and close it.

    Raises:
        AccountError: from ``anonymise_user`` (``by`` not on the programme team, or already
            anonymised).
    """
    with transaction.atomic():
        erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)
        if erasure.state != ErasureRequest.State.OPEN:
            return erasure
        reason = f"AVG art. 17, request of {erasure.requested_at:%Y-%m-%d}"
        services.anonymise_user(erasure.user, by=by, reason=reason)
        erasure.state = ErasureRequest.State.DONE
        erasure.handled_by, erasure.handled_at = by, timezone.now()
        erasure.save(update_fields=["state", "handled_by", "handled_at"])
        record(erasure, "accounts.erasure.carry_out", user=by, from_state="open", to_state="done")
    return erasure
