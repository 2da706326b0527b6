"""The scheduler's job registry: every installed app's ``jobs.JOBS``, no app named."""

from pathlib import Path

from lms.billing import jobs as billing_jobs
from lms.enrolment import jobs as enrolment_jobs
from lms.enrolment.management.commands import run_scheduled


def test_every_apps_jobs_are_collected_in_installed_apps_order():
    collected = run_scheduled.collect_jobs()
    assert collected == [*enrolment_jobs.JOBS, *billing_jobs.JOBS] or collected == [
        *billing_jobs.JOBS,
        *enrolment_jobs.JOBS,
    ]
    assert len(collected) == len(set(collected))


def test_the_scheduler_names_no_app():
    source = Path(run_scheduled.__file__).read_text()
    assert "lms.billing" not in source and "lms.enrolment.jobs" not in source
