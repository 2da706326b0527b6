import time

from django.core.management.base import BaseCommand

from lms.enrolment.jobs import JOBS

INTERVAL_SECONDS = 60  # The design's rhythm: every job runs once a minute.


class Command(BaseCommand):
    help = "Run the periodic jobs every minute (or once with --once, for a system timer)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")

    def handle(self, *args, once=False, **options):
        while True:
            for job in JOBS:
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
