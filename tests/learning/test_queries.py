"""Issue 18: the lesson page, the module's outline and Mijn leeromgeving cost the same number
of queries whatever the number of lessons and progress rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.learning import services

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    client.get(url)  # warm the caches that fill once (site root, translations)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_do_not_grow_with_the_lessons(participant, lessons, module, make_lesson):
    from django.core.cache import cache

    client = Client()
    client.force_login(participant.user)
    urls = [lessons[1].url, module.url]
    before = []
    for url in urls:
        before.append(_queries(client, url))
    cache.clear()
    before.append(_queries(client, reverse("portal:dashboard")))

    for n in range(6):
        lesson = make_lesson(module, f"Extra {n}", section="Verdieping")
        services.mark_done(participant, lesson)
    after = [_queries(client, url) for url in urls]
    cache.clear()
    after.append(_queries(client, reverse("portal:dashboard")))

    assert after == before
