"""Periodic jobs run by ``manage.py run_scheduled``. Each job is idempotent and safe to run
twice at once; each returns a short description of what it did."""

from django.core.management import call_command


def publish_scheduled_pages() -> str:
    """Wagtail's scheduled publishing (go-live and expiry of pages)."""
    call_command("publish_scheduled", verbosity=0)
    return "scheduled pages published"


JOBS = [publish_scheduled_pages]
