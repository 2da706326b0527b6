"""Periodic jobs run by ``manage.py run_scheduled``. Each job is idempotent and safe to run
twice at once; each returns a short description of what it did."""

import datetime as dt

from django.core.management import call_command
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .interests import notify_bookable_runs
from .models import CourseRun, Enrolment, Offer
from .notifications import notify_reminder

#: Reminders go out this long before the first session (the issue's "two days before").
REMINDER_AHEAD = dt.timedelta(days=2)


def publish_scheduled_pages() -> str:
    """Wagtail's scheduled publishing (go-live and expiry of pages)."""
    call_command("publish_scheduled", verbosity=0)
    return "scheduled pages published"


def tidy_waiting_lists(now=None) -> str:
    """Record expired offers and lapsed holds, and offer every free seat to the next person.

    Looks only at published runs that have someone waiting, an open offer or a pending place;
    each run is handled in its own transaction with its row locked (see ``offers.tidy_run``).
    """
    from .offers import tidy_run

    now = now or timezone.now()
    busy = CourseRun.objects.filter(status=CourseRun.Status.PUBLISHED).filter(
        Exists(
            Enrolment.objects.filter(
                run=OuterRef("pk"),
                state__in=(Enrolment.State.WAITLISTED, Enrolment.State.PENDING),
            )
        )
        | Exists(Offer.objects.filter(run=OuterRef("pk"), state=Offer.State.OPEN))
    )
    totals = {"expired": 0, "lapsed": 0, "offered": 0}
    for run_id in busy.values_list("pk", flat=True):
        for key, value in tidy_run(run_id, now).items():
            totals[key] += value
    return ", ".join(f"{key} {value}" for key, value in totals.items())


def send_reminders(now=None) -> str:
    """Remind participants of runs whose first session starts within two days, once each.

    Each enrolment is marked inside a transaction that locks it (``skip_locked``), so two
    schedulers never send the same reminder twice.
    """
    now = now or timezone.now()
    runs = CourseRun.objects.with_dates().filter(
        status=CourseRun.Status.PUBLISHED,
        first_start__gt=now,
        first_start__lte=now + REMINDER_AHEAD,
    )
    sent = 0
    with transaction.atomic():
        due = (
            Enrolment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(run__in=runs.values("pk"), state=Enrolment.State.CONFIRMED)
            .filter(Q(reminder_sent_at__isnull=True))
            .select_related("user", "run")
        )
        for enrolment in due:
            enrolment.reminder_sent_at = now
            enrolment.save(update_fields=["reminder_sent_at"])
            notify_reminder(enrolment)
            sent += 1
    return f"{sent} reminders"


def invite_to_evaluations(now=None) -> str:
    """Invite the participants of runs whose last session has ended (and whose evaluation is
    still open) to evaluate them, once each (see ``evaluations.invite_participants``)."""
    from .evaluations import EVALUATED_STATES, invite_participants, open_period

    now = now or timezone.now()
    ended = (
        CourseRun.objects.with_dates()
        .exclude(status=CourseRun.Status.CANCELLED)
        .filter(last_end__lte=now, last_end__gt=now - open_period())
        .filter(
            Exists(
                Enrolment.objects.filter(
                    run=OuterRef("pk"), state__in=EVALUATED_STATES, evaluation__isnull=True
                )
            )
        )
    )
    invited = sum(invite_participants(run_id, now) for run_id in ended.values_list("pk", flat=True))
    return f"{invited} evaluation invitations"


JOBS = [
    publish_scheduled_pages,
    tidy_waiting_lists,
    send_reminders,
    invite_to_evaluations,
    notify_bookable_runs,
]
