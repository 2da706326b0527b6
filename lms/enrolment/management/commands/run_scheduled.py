import time
from importlib import import_module

from django.core.management.base import BaseCommand

INTERVAL_SECONDS = 60  # The design's rhythm: every job runs once a minute.
#: Apps whose ``jobs`` module contributes ``JOBS``; enrolment must not import billing.
JOB_MODULES = ("lms.enrolment.jobs", "lms.billing.jobs")


def collect_jobs() -> list:
    """Every app's JOBS, in the order of JOB_MODULES."""
    return [job for name in JOB_MODULES for job in import_module(name).JOBS]


class Command(BaseCommand):
    help = "Run the periodic jobs every minute (or once with --once, for a system timer)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        while True:
            for job in collect_jobs():
                try:
                    outcome = job()
                except Exception as error:  # one failing job must not stop the others
                    self.stderr.write(f"{job.__name__} failed: {error!r}")
                else:
                    if options["verbosity"] > 1:
                        self.stdout.write(f"{job.__name__}: {outcome}")
            if once:
                return
            time.sleep(INTERVAL_SECONDS)
