"""Issue 15: backup.sh fails loudly when a folder it should include is missing, and
restore.sh never extracts to absolute paths (both run without PostgreSQL here: the checks
come before any database work)."""

import io
import os
import subprocess
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BACKUP, RESTORE = ROOT / "docs/deploy/backup.sh", ROOT / "docs/deploy/restore.sh"


def run(script, target, **env):
    environment = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", **env}
    return subprocess.run([script, target], env=environment, capture_output=True, text=True)


def test_a_missing_private_folder_fails_the_backup(tmp_path):
    (tmp_path / "media").mkdir()

    result = run(
        BACKUP,
        tmp_path / "bk",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )

    assert result.returncode != 0
    assert "PRIVATE_MEDIA_ROOT folder" in result.stderr and "missing" in result.stderr
    assert "backup written" not in result.stdout
    assert not (tmp_path / "bk").exists()


def test_an_unset_folder_fails_the_backup(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT")}
    result = subprocess.run(
        [BACKUP, tmp_path / "bk"],
        env={**env, "DATABASE_URL": "postgres://x/y"},
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0 and "MEDIA_ROOT is not set" in result.stderr


def test_restore_refuses_absolute_and_parent_paths(tmp_path):
    source = tmp_path / "bk"
    source.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("newer")
    with tarfile.open(source / "private.tar.gz", "w:gz") as archive:
        for name in (str(victim), "../victim.txt"):
            info = tarfile.TarInfo(name)
            info.size = 3
            archive.addfile(info, io.BytesIO(b"old"))
    (source / "database.dump").write_bytes(b"")

    result = run(
        RESTORE,
        source,
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )

    assert result.returncode != 0 and "absolute" in result.stderr
    assert victim.read_text() == "newer"
