import time
from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

INTERVAL_SECONDS = 60  # The design's rhythm: every job runs once a minute.


def collect_jobs() -> list:
    """The job registry: the ``JOBS`` list of every installed app's ``jobs`` module, in the
    order of ``INSTALLED_APPS`` (so an app adds a periodic job without the scheduler naming it).

    Each job is a callable without arguments that returns a short outcome (for ``-v 2``)."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "jobs"):
            found.extend(getattr(import_module(f"{config.name}.jobs"), "JOBS", ()))
    return found


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
