"""Notify-me for runs that are "binnenkort te boeken" (issue 24, Broken 6).

:func:`register_interest` stores an address for a run whose public state is *not bookable*;
:func:`notify_bookable_runs` (a scheduled job) mails each address once when the run's state
turns open or full, then deletes the row; rows of runs that will never be bookable (cancelled,
closed, started) are deleted without a mail. The privacy statement names this processing.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.accounts.audit import record

from .eligibility import RunState, run_state
from .exceptions import EnrolmentError
from .models import CourseRun, RunInterest


def register_interest(run: CourseRun, email: str, *, language: str = "") -> RunInterest:
    """Store ``email`` for ``run`` (once; asking again keeps the first row).

    Raises:
        EnrolmentError: the run can be booked already, or never will be.
    """
    from lms.accounts.models import normalise_email

    state = run_state(run)
    if state.code != RunState.NOT_BOOKABLE:
        raise EnrolmentError(_("You can only ask to be kept informed about a run that opens soon."))
    email = normalise_email(email)
    try:
        with transaction.atomic():
            interest = RunInterest.objects.create(run=run, email=email, language=language)
    except IntegrityError:
        return RunInterest.objects.get(run=run, email=email)
    record(run, "enrolment.interest", to_state="registered")
    return interest


def _mail(interest: RunInterest) -> None:
    from django.urls import reverse

    with (
        translation.override(interest.language or settings.LANGUAGE_CODE),
        timezone.override("Europe/Amsterdam"),
    ):
        context = {
            "run": interest.run,
            "enrol_url": settings.SITE_URL.rstrip("/")
            + reverse("enrolment:enrol", args=[interest.run_id]),
        }
        subject = " ".join(
            render_to_string("enrolment/email/bookable_subject.txt", context).split()
        )
        body = render_to_string("enrolment/email/bookable_body.txt", context)
    EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [interest.email],
        headers={"X-Gebiedsschool-Kind": "bookable"},
    ).send()


def notify_bookable_runs(now=None) -> str:
    """Mail every stored address whose run can now be booked, once, and delete the rows.

    Each row is locked and deleted in its own transaction before the mail goes out
    (``skip_locked``), so two schedulers never mail the same address twice.
    """
    now = now or timezone.now()
    mailed = dropped = 0
    runs = CourseRun.objects.with_dates().filter(interests__isnull=False).distinct()
    for run in runs.select_related("module"):
        state = run_state(run, now)
        if state.code in (RunState.NOT_BOOKABLE, RunState.NOT_YET_OPEN):
            continue
        for pk in list(run.interests.values_list("pk", flat=True)):
            with transaction.atomic():
                interest = (
                    RunInterest.objects.select_for_update(skip_locked=True)
                    .select_related("run__module")
                    .filter(pk=pk)
                    .first()
                )
                if interest is None:
                    continue
                interest.delete()
                if state.accepts_enrolment:
                    transaction.on_commit(lambda i=interest: _mail(i))
                    mailed += 1
                else:
                    dropped += 1
    return f"mailed {mailed}, dropped {dropped}"
