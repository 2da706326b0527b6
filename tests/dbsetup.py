"""Test databases: the migrations run once per test run, every pytest process works on a clone.

The first process that needs a database (an xdist worker, or the only process) builds a
template under a file lock with Django's own ``create_test_db`` (all migrations, from
scratch); every process then takes a clone of it with Django's ``clone_test_db``: PostgreSQL
``CREATE DATABASE … TEMPLATE``, a file copy on SQLite (in /dev/shm where there is one). The
process that started the run drops the template at the end; each process drops its clone.
With ``--reuse-db`` the template is kept between runs and only new migrations are applied.

Nothing here lists tests or files: new tests get the same databases.
"""

import fcntl
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest
from pytest_django.plugin import blocking_manager_key

RUN_DIR = "GEBIEDSSCHOOL_TEST_RUN_DIR"  # shared by the controller and its xdist workers


def _run_dir() -> Path:
    return Path(os.environ[RUN_DIR])


def configure(config) -> None:
    """In the process that starts the run: a folder for this run's template and lock, which
    xdist workers inherit through the environment."""
    if hasattr(config, "workerinput") or RUN_DIR in os.environ:
        return
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    os.environ[RUN_DIR] = tempfile.mkdtemp(prefix=f"gs-test-{uuid.uuid4().hex[:8]}-", dir=base)
    config.stash[OWNER] = True


def unconfigure(config) -> None:
    """In the process that started the run: drop the template and the run's folder."""
    if not config.stash.get(OWNER, False):
        return
    marker = _run_dir() / "template"
    if marker.exists() and not config.getvalue("reuse_db"):
        with config.stash[blocking_manager_key].unblock():
            _drop(marker.read_text())
    shutil.rmtree(_run_dir(), ignore_errors=True)
    del os.environ[RUN_DIR]


OWNER = pytest.StashKey[bool]()


def _template_name(connection, keep: bool) -> str:
    """The template's name: a file in the run's folder (SQLite) or a database named after the
    run (PostgreSQL), so parallel runs never share one; a fixed name when it is kept."""
    tag = "kept" if keep else _run_dir().name.split("-")[2]
    if connection.vendor == "sqlite":
        folder = Path(tempfile.gettempdir()) if keep else _run_dir()
        return str(folder / f"gebiedsschool-test-template-{tag}.sqlite3")
    return f"{connection.creation._get_test_db_name()}_{tag}"[:63]


def _drop(name: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(name).unlink(missing_ok=True)
        return
    connection.close()
    with connection.creation._nodb_cursor() as cursor:
        # FORCE (PostgreSQL 13+): a live-server thread may still hold a connection.
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def _use(connection, name: str) -> None:
    from django.conf import settings

    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name


def setup_clone(worker: str, keep: bool = False) -> str:
    """Point the default connection at this process's clone of the template (building the
    template first if no process has yet; ``keep``: migrating the kept one); returns the
    clone's name."""
    from django.db import connection

    template = _template_name(connection, keep)
    connection.settings_dict.setdefault("TEST", {})["NAME"] = template
    with (_run_dir() / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; clones never race the build
        marker = _run_dir() / "template"
        if marker.exists():
            _use(connection, template)
        else:
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False, keepdb=keep
            )
            connection.close()
            marker.write_text(template)
        connection.creation.clone_test_db(suffix=worker, verbosity=0, keepdb=False)
    clone = connection.creation.get_test_db_clone_settings(worker)["NAME"]
    _use(connection, clone)
    # What serialized_rollback=True restores after a transactional test flushed the tables.
    connection._test_serialized_contents = connection.creation.serialize_db_to_string()
    return clone


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """pytest-django's hook for creating the test databases, replaced by a clone of the run's
    template (see the module docstring)."""
    worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
    with django_db_blocker.unblock():
        clone = setup_clone(worker, keep=request.config.getvalue("reuse_db"))
    yield
    with django_db_blocker.unblock():
        _drop(clone)


def _flushes(item) -> bool:
    """Whether ``item`` is a transactional test: pytest-django empties every table after it."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


def _restores_itself(item) -> bool:
    """Whether ``item`` reloads the migrations' rows itself before it runs."""
    marker = item.get_closest_marker("django_db")
    return bool(
        _flushes(item)
        and (
            (marker and marker.kwargs.get("serialized_rollback"))
            or "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
        )
    )


def restore_after_flush(item, nextitem) -> None:
    """After a transactional test, put back the rows the migrations wrote (locales, the page
    root, permissions, groups) unless the next test reloads them itself.

    pytest-django orders transactional tests last, but an xdist worker runs whatever it is
    sent in that order, so a test inside a transaction can follow one that flushed the tables.
    The tables are emptied first without the post-migrate signal (which recreates content
    types and permissions under new ids, so a later reload would clash with them).
    """
    if not _flushes(item) or nextitem is None:
        return  # nothing follows (the session's teardown has dropped this clone by now)
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is None:
        return
    with item.config.stash[blocking_manager_key].unblock():
        _empty(connection)
        if not _restores_itself(nextitem):
            connection.creation.deserialize_db_from_string(contents)


def empty_before_reload(item) -> None:
    """Before a test that reloads the migrations' rows itself (``serialized_rollback``), empty
    the tables without the post-migrate signal, so the reload never meets rows (content types,
    permissions) that an earlier flush recreated under other ids."""
    from django.db import connection

    # Only on this process's clone: before the first test it is not made yet.
    if not _restores_itself(item) or getattr(connection, "_test_serialized_contents", None) is None:
        return
    with item.config.stash[blocking_manager_key].unblock():
        _empty(connection)


def _empty(connection) -> None:
    """Empty every table without the post-migrate signal, then put back the snapshot's content
    types first: signal receivers that run while the rest is reloaded look content types up
    (and would create them under new ids, which the reload then clashes with)."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.core.management import call_command

    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=True,
    )
    rows = [r for r in json.loads(connection._test_serialized_contents)
            if r["model"] == "contenttypes.contenttype"]  # fmt: skip
    for obj in serializers.deserialize("python", rows):
        obj.save()
    ContentType.objects.clear_cache()
