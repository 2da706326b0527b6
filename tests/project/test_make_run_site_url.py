"""`make run` derives SITE_URL from PORT unless SITE_URL is set (issue 24, Broken 1): links
in e-mails and the certificate's URL/QR then point at the port actually served."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    result = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(not any(Path(p, "make").exists() for p in os.get_exec_path()), reason="make")
def test_site_url_follows_port_unless_set():
    served = _dry_run("PORT=8150")
    assert "SITE_URL=http://127.0.0.1:8150 .venv/bin/python manage.py runserver" in served
    assert "SITE_URL=http://127.0.0.1:8150 .venv/bin/python manage.py run_scheduled" in served
    assert "SITE_URL=http://127.0.0.1:8000 " in _dry_run()
    kept = _dry_run("PORT=8150", "SITE_URL=https://gebiedsschool.example")
    assert "SITE_URL=https://gebiedsschool.example .venv/bin/python manage.py runserver" in kept


def test_settings_take_site_url_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='lms.settings.dev';"
        "from django.conf import settings; print(settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL)"
    )
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:8150"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["http://127.0.0.1:8150", "http://127.0.0.1:8150"], out.stderr
