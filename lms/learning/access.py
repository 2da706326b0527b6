"""Who may read a module's lessons, and with which enrolment their progress is kept.

One answer for the lesson page, its "done" button, the lesson documents and the outline:

- the programme team, and the staff of the institution (anyone holding a page permission on
  the module or a page above it: editors and managers), read every lesson, without progress;
- a participant reads every lesson while an enrolment in a run of the module is *confirmed* or
  *not passed* (a re-assessment can still complete it), and after *completed* for the module's
  ``lesson_access_days`` (default 365) from the completion;
- everyone else reads only the lessons marked as a public teaser (decided by the page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils import timezone
from wagtail.models import GroupPagePermission

from lms.enrolment.models import Enrolment

#: Enrolment states that give access to the lessons (completed: see ``lesson_access_days``).
LEARNING_STATES = (Enrolment.State.CONFIRMED, Enrolment.State.NOT_PASSED)
DEFAULT_ACCESS_DAYS = 365


@dataclass(frozen=True)
class Access:
    """The answer for one person and one module: ``allowed`` to read every lesson;
    ``enrolment`` keeps their progress (``None`` for staff and visitors); ``staff`` when
    they read as the institution's staff or the programme team; ``until`` (UTC) when a
    completed participant's access ends."""

    module: object
    allowed: bool = False
    enrolment: Enrolment | None = None
    staff: bool = False
    until: dt.datetime | None = None

    def for_preview(self) -> Access:
        """The answer inside Wagtail's preview (only editors reach it): read, keep nothing."""
        return replace(self, allowed=True, enrolment=None, staff=True)


def is_staff_of(user, page) -> bool:
    """True when ``user`` is the programme team or holds any page permission on ``page``
    (a page with ``path``) or a page above it (the institution's editors and managers)."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_programme_team:
        return True
    paths = GroupPagePermission.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    return any(page.path.startswith(path) for path in paths)


def access_end(enrolment: Enrolment, module) -> dt.datetime | None:
    """When a completed ``enrolment``'s access to ``module``'s lessons ends (UTC), or
    ``None`` while it is not completed."""
    if enrolment.state != Enrolment.State.COMPLETED or enrolment.completed_at is None:
        return None
    days = getattr(module, "lesson_access_days", None) or DEFAULT_ACCESS_DAYS
    return enrolment.completed_at + dt.timedelta(days=days)


def learning_enrolment(user, module, now=None) -> tuple[Enrolment | None, dt.datetime | None]:
    """The enrolment of ``user`` that gives access to ``module``'s lessons (the newest) and,
    for a completed one, when that access ends; ``(None, None)`` when there is none."""
    if not user.is_authenticated:
        return None, None
    now = now or timezone.now()
    enrolments = Enrolment.objects.filter(
        user=user,
        run__module_id=module.pk,
        state__in=(*LEARNING_STATES, Enrolment.State.COMPLETED),
    ).order_by("-created_at")
    completed = None
    for enrolment in enrolments:
        if enrolment.state in LEARNING_STATES:
            return enrolment, None
        until = access_end(enrolment, module)
        if completed is None and until is not None and until > now:
            completed = (enrolment, until)
    return completed or (None, None)


def lesson_access(user, module, now=None) -> Access:
    """Who ``user`` is to ``module``'s lessons (see the module doc). Two queries at most."""
    enrolment, until = learning_enrolment(user, module, now)
    if enrolment is not None:
        return Access(module, allowed=True, enrolment=enrolment, until=until)
    if is_staff_of(user, module):
        return Access(module, allowed=True, staff=True)
    return Access(module)
