"""English mode: programme content that exists only in Dutch carries lang="nl" (WCAG 3.1.2)
and a short note; in Dutch mode neither appears."""

import pytest

pytestmark = pytest.mark.django_db


def test_module_page_in_english_marks_dutch_content(client, module):
    client.cookies["gs_language"] = "en"
    body = client.get(module.url).content.decode()
    assert '<html lang="en">' in body
    assert f'<h1 lang="nl">{module.title}</h1>' in body
    assert '<p class="lead" lang="nl">' in body
    assert "This content is available in Dutch only." in body


def test_catalogue_cards_in_english_mark_titles_and_summaries(client, module, catalogue):
    client.cookies["gs_language"] = "en"
    body = client.get(catalogue.url).content.decode()
    assert '<h3 lang="nl">' in body and '<p lang="nl">Een module.</p>' in body


def test_dutch_mode_has_no_marks_and_no_note(client, module):
    body = client.get(module.url).content.decode()
    assert f"<h1>{module.title}</h1>" in body
    assert 'lang="nl">' not in body.split("<body", 1)[1]
    assert "alleen in het Nederlands" not in body
