"""Site search: each type found and grouped, diacritics ignored; runs on SQLite and PostgreSQL
(the same tests: run the suite with DATABASE_URL set to see PostgreSQL's dutch_unaccent)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(make_module, make_project, make_finding, home_page):
    from home.models import StandardPage

    module = make_module("Financiën van gebiedstransformatie", summary="Businesscases.")
    project = make_project("Kantorenkwartier", summary="Een coöperatie van eigenaren.")
    finding = make_finding(
        "Coöperatie tussen eigenaren",
        summary="Financiën verevenen.",
        projects=[project],
        modules=[module],
    )
    page = StandardPage(title="Over de coöperatie", slug="over", intro="Een nieuwe façade.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return {"module": module, "project": project, "finding": finding, "page": page}


def search(client, query):
    response = client.get(reverse("home:search"), {"q": query})
    assert response.status_code == 200
    return {
        group["key"]: {r.title for r in group["results"]} for group in response.context["groups"]
    }


@pytest.mark.parametrize("query", ["financiën", "financien", "FINANCIEN"])
def test_diacritics_do_not_matter_for_modules(client, content, query):
    groups = search(client, query)
    assert content["module"].title in groups["modules"]


@pytest.mark.parametrize("query", ["coöperatie", "cooperatie"])
def test_each_type_is_found_and_grouped(client, content, query):
    groups = search(client, query)
    assert groups["findings"] == {content["finding"].title}
    assert groups["pilot_projects"] == {content["project"].title}
    assert content["page"].title in groups["pages"]
    assert list(groups) == ["findings", "pilot_projects", "pages"]


@pytest.mark.parametrize("query", ["façade", "facade"])
def test_diacritics_beyond_umlauts(client, content, query):
    assert search(client, query) == {"pages": {content["page"].title}}


def test_unpublished_pages_are_not_found(client, content):
    content["finding"].unpublish()
    assert "findings" not in search(client, "cooperatie")


def test_empty_and_odd_queries_answer_calmly(client, content):
    assert client.get(reverse("home:search")).status_code == 200
    for query in ['"', "AND OR", "*", "x" * 500, "(("]:
        assert client.get(reverse("home:search"), {"q": query}).status_code == 200


@pytest.mark.postgres
def test_postgres_uses_the_dutch_accent_insensitive_configuration(settings):
    from django.db import connection

    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "dutch_unaccent"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('dutch_unaccent', 'financiën coöperatie façade')::text,"
            " to_tsvector('dutch_unaccent', 'financien cooperatie facade')::text,"
            " to_tsvector('english', 'financiën')::text"
            " = to_tsvector('english', 'financien')::text,"
            " to_tsvector('dutch', 'façade')::text = to_tsvector('dutch', 'facade')::text"
        )
        with_accents, without, english_equal, dutch_equal = cursor.fetchone()
    assert with_accents == without
    # Negative controls: Wagtail's default (english) keeps every diacritic, and the stock Dutch
    # stemmer drops only umlauts and acutes, not the cedilla of "façade".
    assert not english_equal
    assert not dutch_equal
