"""Issue 13 item 4: the migration that removes billing's duplicate cancellation deadline turns
each deadline into the run's free-cancellation days."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("billing", "0002_total_check_rounded")]
AFTER = [("billing", "0003_one_cancellation_moment")]


@pytest.mark.django_db(transaction=True)
def test_deadline_becomes_the_runs_free_cancellation_days(module):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        # The state of every app as it is now, billing one step back.
        old = executor.loader.project_state(
            [*BEFORE, ("enrolment", "0003_participant_evaluations")]
        ).apps
        Run = old.get_model("enrolment", "CourseRun")
        Session = old.get_model("enrolment", "Session")
        RunPricing = old.get_model("billing", "RunPricing")
        start = timezone.now() + dt.timedelta(days=30)
        run = Run.objects.create(
            module_id=module.pk,
            code="MIG-1",
            capacity=5,
            price=Decimal("495.00"),
            free_cancellation_days=14,
        )
        Session.objects.create(
            run=run, title="1", starts_at=start, ends_at=start + dt.timedelta(hours=3)
        )
        RunPricing.objects.create(
            run=run, cancellation_deadline=start - dt.timedelta(days=9, hours=6)
        )
        bare = Run.objects.create(
            module_id=module.pk,
            code="MIG-2",
            capacity=5,
            price=Decimal("495.00"),
            free_cancellation_days=14,
        )
        RunPricing.objects.create(run=bare, cancellation_deadline=start)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Run = new.get_model("enrolment", "CourseRun")
    # 9 days 6 hours before the start: 9 whole days, so free a little longer, never shorter.
    assert Run.objects.get(code="MIG-1").free_cancellation_days == 9
    assert Run.objects.get(code="MIG-2").free_cancellation_days == 14  # no sessions: default
