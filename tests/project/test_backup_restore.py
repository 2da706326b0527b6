"""docs/deploy/backup.sh and restore.sh: a backup restores into an empty database with the same
rows, and the private files come back."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from lms.enrolment import services

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TABLES = ["accounts_user", "enrolment_courserun", "enrolment_enrolment", "wagtailcore_page"]


def url(dbname: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{dbname}"


def counts(dburl: str) -> dict:
    with psycopg.connect(dburl) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_backup_then_restore(tmp_path, user, run):
    services.enrol(user, run)
    private_file = Path(settings.PRIVATE_MEDIA_ROOT) / "certificates" / "proof.pdf"
    private_file.parent.mkdir(parents=True, exist_ok=True)
    private_file.write_bytes(b"%PDF-1.4 proof")
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)  # backup.sh requires both
    source = url(connection.settings_dict["NAME"])
    env = {
        **os.environ,
        "DATABASE_URL": source,
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    subprocess.run([ROOT / "docs/deploy/backup.sh", tmp_path / "bk"], env=env, check=True)
    private_file.unlink()
    target_name = f"restore_check_{os.getpid()}"
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        admin.execute(f"drop database if exists {target_name}")
        admin.execute(f"create database {target_name}")
    try:
        subprocess.run(
            [ROOT / "docs/deploy/restore.sh", tmp_path / "bk"],
            env={**env, "DATABASE_URL": url(target_name)},
            check=True,
        )
        assert counts(url(target_name)) == counts(source)
        assert counts(source)["enrolment_enrolment"] == 1
        assert private_file.read_bytes() == b"%PDF-1.4 proof"
    finally:
        with psycopg.connect(url("postgres"), autocommit=True) as admin:
            admin.execute(f"drop database if exists {target_name}")
