"""Helpers for the PostgreSQL concurrency tests."""

import threading

from django.db import connection


def in_parallel(calls):
    """Run each callable in its own thread and database connection, all released at once.

    Returns the outcomes in order: a callable's return value, or the exception it raised.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except Exception as error:  # collected, asserted by the test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
