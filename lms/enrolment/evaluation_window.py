"""The time window of a run's evaluation: it opens when the last session ends and closes
``EVALUATION_OPEN_DAYS`` later. Below the notifications and tasks (the invitation mail states
the closing moment), so they need not import the evaluation services.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import CourseRun


def open_period() -> dt.timedelta:
    """How long after the last session an evaluation stays open (``EVALUATION_OPEN_DAYS``)."""
    return dt.timedelta(days=getattr(settings, "EVALUATION_OPEN_DAYS", 14))


def last_session_end(run: CourseRun):
    """The UTC end of ``run``'s last session, or ``None`` without sessions."""
    if getattr(run, "last_end", None) is not None:
        return run.last_end
    return run.sessions.aggregate(v=Max("ends_at"))["v"]


def closes_at(run: CourseRun):
    """The UTC moment after which evaluations of ``run`` can no longer be submitted or changed
    (last session end + ``EVALUATION_OPEN_DAYS``), or ``None`` without sessions."""
    end = last_session_end(run)
    return None if end is None else end + open_period()


def is_open(run: CourseRun, now=None) -> bool:
    """True while ``run`` has ended and its evaluation has not closed."""
    now = now or timezone.now()
    end = last_session_end(run)
    return end is not None and end <= now < end + open_period()
