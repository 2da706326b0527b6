"""Sessions: with Redis configured they are read from the cache (``cached_db``), so a
logged-in page asks the database nothing about its session while the cache holds it."""

import runpy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

import lms.settings.base

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def settings_with(monkeypatch, **environ) -> dict:
    """The base settings module evaluated afresh under ``environ``."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(lms.settings.base.__file__)


def test_redis_url_selects_the_cached_db_engine(monkeypatch):
    with_redis = settings_with(monkeypatch, REDIS_URL="redis://127.0.0.1:6379/3")
    assert with_redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    assert with_redis["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_without_redis_sessions_stay_in_the_database(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert "SESSION_ENGINE" not in settings_with(monkeypatch)  # Django's default: db


def session_queries(client, url) -> list[str]:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user.is_authenticated
    return [q["sql"] for q in captured if "django_session" in q["sql"]]


@pytest.mark.parametrize(
    "engine, expected",
    [
        ("django.contrib.sessions.backends.cached_db", 0),
        # Negative control: the database engine reads the session on every request.
        ("django.contrib.sessions.backends.db", 1),
    ],
)
def test_logged_in_page_reads_its_session_from_the_cache(client, user, engine, expected):
    with override_settings(SESSION_ENGINE=engine, CACHES=LOCMEM):
        client.force_login(user)
        assert len(session_queries(client, "/mijn/")) == expected
