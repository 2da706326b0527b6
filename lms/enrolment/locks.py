"""The run lock: the one way to decide on a run's seats.

Every step that counts a run's seats and then writes (enrol, cancel, offer, accept, batch,
checkout, withdrawal, completion) first locks the run's row with :func:`lock_run`, so two
parallel steps never both see the last free seat.
"""

from django.db import transaction
from django.db.transaction import TransactionManagementError

from .models import CourseRun

#: Negative controls in the concurrency tests switch the row lock off to show the race it
#: prevents; nothing else ever changes this.
USE_ROW_LOCK = True


def lock_run(run_id: int) -> CourseRun:
    """Lock the run ``run_id`` (``SELECT … FOR UPDATE``) until the transaction ends.

    Returns:
        The run, re-read with its module.

    Raises:
        TransactionManagementError: called outside ``transaction.atomic()`` (a lock that
            ends at once protects nothing).
        CourseRun.DoesNotExist: no such run.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("lock_run() must be called inside transaction.atomic().")
    runs = CourseRun.objects.select_related("module")
    if USE_ROW_LOCK:
        # No aggregate here: PostgreSQL refuses FOR UPDATE with GROUP BY.
        runs = runs.select_for_update(of=("self",))
    return runs.get(pk=run_id)
