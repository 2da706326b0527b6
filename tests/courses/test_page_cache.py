"""Anonymous catalogue and module pages are cached safely: per language, never with a CSRF
token or personal data, invalidated on publish, and run data at most a few seconds old."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from lms.enrolment import services


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    settings.PAGE_CACHE_SECONDS = 5
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_request_is_a_hit(client, catalogue, module, run):
    first = client.get("/opleidingen/")
    second = client.get("/opleidingen/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]
    assert "csrfmiddlewaretoken" not in second.content.decode()


def test_cache_is_keyed_by_language_and_query(client, catalogue, module, run):
    client.get("/opleidingen/")
    english = client.get("/opleidingen/", HTTP_COOKIE="gs_language=en")
    assert english["X-Page-Cache"] == "miss"
    assert 'lang="en"' in english.content.decode()
    filtered = client.get("/opleidingen/?format=online")
    assert filtered["X-Page-Cache"] == "miss"
    assert filtered.context["result_count"] == 0


def test_logged_in_pages_are_never_cached(client, user, catalogue, module, run):
    client.force_login(user)
    first = client.get(module.url)
    second = client.get(module.url)
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "no-store" not in first.get("Cache-Control", "")  # public page, just not stored


def test_publishing_invalidates_at_once(client, catalogue, module, run):
    client.get(module.url)
    module.summary = "Een herschreven samenvatting."
    module.save_revision().publish()
    response = client.get(module.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Een herschreven samenvatting." in response.content.decode()


def test_run_data_is_at_most_a_few_seconds_old(
    client, make_user, catalogue, module, run, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    assert client.get(module.url).context["runs"][0].seats_left == 10
    services.enrol(make_user(), run)
    assert client.get(module.url)["X-Page-Cache"] == "hit"  # within the window: cached
    time_machine.shift(dt.timedelta(seconds=6))
    response = client.get(module.url)
    assert response["X-Page-Cache"] == "miss"
    assert response.context["runs"][0].seats_left == 9


def test_when_time_passes_a_started_run_disappears(
    client, catalogue, module, make_run, time_machine
):
    soon = make_run(starts=timezone.now() + dt.timedelta(minutes=1))
    time_machine.move_to(timezone.now(), tick=False)
    assert soon.code in client.get(module.url).content.decode()
    time_machine.shift(dt.timedelta(minutes=2))
    assert soon.code not in client.get(module.url).content.decode()


def test_pages_with_messages_are_not_cached(client, catalogue, module):
    client.cookies["messages"] = "x"
    assert "X-Page-Cache" not in client.get("/opleidingen/")
