"""The catalogue: published modules with their next run, combinable filters, search,
pagination, and a number of queries that does not grow with the number of modules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation

from courses.models import AudienceLevel
from lms.enrolment import services


@pytest.fixture
def levels(db):
    return {
        slug: AudienceLevel.objects.create(slug=slug, name=slug.title())
        for slug in ("ambtenaren", "bestuurders")
    }


@pytest.fixture
def varied(make_institution, make_module, make_run, levels, institution):
    other = make_institution(title="Platform31", code="PLF")
    modules = {
        "fin": make_module(
            "Financiën en businesscases",
            tags=["financiering"],
            levels=[levels["ambtenaren"]],
            fmt="classroom",
        ),
        "gov": make_module(
            "Bestuurlijke sturing",
            parent=other,
            tags=["bestuur", "financiering"],
            levels=[levels["bestuurders"]],
            fmt="online",
        ),
        "law": make_module(
            "Omgevingswet en grondbeleid",
            parent=other,
            tags=["omgevingswet"],
            levels=[levels["ambtenaren"]],
            fmt="blended",
        ),
    }
    for module in modules.values():
        make_run(for_module=module)
    return modules


def titles(response):
    return [m.title for m in response.context["modules"]]


def test_lists_published_modules_with_next_run(client, catalogue, varied, make_module):
    draft = make_module("Nog niet klaar")
    draft.unpublish()
    response = client.get("/opleidingen/")
    assert response.status_code == 200
    assert titles(response) == [
        "Bestuurlijke sturing",
        "Financiën en businesscases",
        "Omgevingswet en grondbeleid",
    ]
    first = response.context["modules"][0]
    assert first.next_run is not None
    assert first.next_run.seats_left == 10
    assert first.institution_page.title == "Platform31"
    assert "Nog niet klaar" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=financiering", ["Bestuurlijke sturing", "Financiën en businesscases"]),
        ("level=ambtenaren", ["Financiën en businesscases", "Omgevingswet en grondbeleid"]),
        ("institution=plf", ["Bestuurlijke sturing", "Omgevingswet en grondbeleid"]),
        ("format=online", ["Bestuurlijke sturing"]),
        ("theme=financiering&level=ambtenaren", ["Financiën en businesscases"]),
        ("institution=plf&format=blended&level=ambtenaren", ["Omgevingswet en grondbeleid"]),
        ("theme=financiering&format=blended", []),
        ("institution=does-not-exist", []),
    ],
)
def test_filters_combine(client, catalogue, varied, query, expected):
    assert titles(client.get(f"/opleidingen/?{query}")) == expected


def test_text_search(client, catalogue, varied):
    assert titles(client.get("/opleidingen/?q=grondbeleid")) == ["Omgevingswet en grondbeleid"]
    assert titles(client.get("/opleidingen/?q=businesscases&theme=financiering")) == [
        "Financiën en businesscases"
    ]
    assert titles(client.get("/opleidingen/?q=businesscases&institution=plf")) == []


def test_pagination_keeps_filters(client, catalogue, make_module):
    for i in range(15):
        make_module(f"Module {i:02d}", tags=["gebied"])
    first = client.get("/opleidingen/?theme=gebied")
    assert len(first.context["modules"]) == 12
    assert 'href="?theme=gebied&amp;page=2"' in first.content.decode()
    second = client.get("/opleidingen/?theme=gebied&page=2")
    assert len(second.context["modules"]) == 3
    assert client.get("/opleidingen/?page=99").status_code == 200


def test_seats_left_follow_the_seat_rule(client, catalogue, module, make_run, make_user):
    run = make_run(capacity=3)
    services.enrol(make_user(), run)
    cancelled = services.enrol(make_user(), run)
    services.cancel_enrolment(cancelled, user=cancelled.user)
    response = client.get("/opleidingen/")
    assert response.context["modules"][0].next_run.seats_left == 2


def test_next_run_is_the_earliest_upcoming_one(client, catalogue, module, make_run):
    make_run(code="LATER", starts=timezone.now() + dt.timedelta(days=90))
    make_run(code="PAST", starts=timezone.now() - dt.timedelta(days=3))
    make_run(code="SOON", starts=timezone.now() + dt.timedelta(days=10))
    make_run(code="PRIVATE", starts=timezone.now() + dt.timedelta(days=5), is_private=True)
    response = client.get("/opleidingen/")
    assert response.context["modules"][0].next_run.code == "SOON"


def _fill(make_institution, make_module, make_run, levels, count):
    institutions = [make_institution(title=f"Instelling {i}", code=f"I{i}") for i in range(3)]
    for i in range(count):
        module = make_module(
            f"Module {i:03d}",
            parent=institutions[i % 3],
            tags=[f"thema-{i % 4}", "gebied"],
            levels=list(levels.values()),
        )
        make_run(for_module=module)
        make_run(for_module=module)


@pytest.mark.parametrize("count", [5, 50])
def test_query_count_does_not_grow(
    client,
    catalogue,
    make_institution,
    make_module,
    make_run,
    levels,
    count,
    django_assert_max_num_queries,
):
    _fill(make_institution, make_module, make_run, levels, count)
    client.get("/opleidingen/")  # warm caches (site root, content types)
    with django_assert_max_num_queries(25):
        response = client.get("/opleidingen/?theme=gebied&level=ambtenaren")
    assert response.status_code == 200
    assert len(response.context["modules"]) == min(count, 12)


def test_search_finds_modules_by_their_institutions_name(client, catalogue, varied):
    response = client.get("/opleidingen/", {"q": "platform31"})
    assert sorted(titles(response)) == ["Bestuurlijke sturing", "Omgevingswet en grondbeleid"]
    assert sorted(titles(client.get("/opleidingen/", {"q": "PLF"}))) == sorted(
        ["Bestuurlijke sturing", "Omgevingswet en grondbeleid"]
    )


def test_sort_by_date_puts_the_next_run_first_and_modules_without_a_run_last(
    client, catalogue, varied, make_module, make_run
):
    soon = make_module("Zo meteen")
    make_run(for_module=soon, starts=timezone.now() + dt.timedelta(days=2))
    make_module("Zonder uitvoering")
    response = client.get("/opleidingen/", {"sort": "date"})
    listed = titles(response)
    assert listed[0] == "Zo meteen" and listed[-1] == "Zonder uitvoering"
    assert 'value="date" selected' in response.content.decode()
    assert titles(client.get("/opleidingen/", {"sort": "onzin"}))[0] == "Bestuurlijke sturing"


def test_misspelt_search_finds_the_module_on_postgresql(client, catalogue, varied):
    """PostgreSQL (pg_trgm): "omgevingwet" finds the module itself; SQLite suggests the word
    (next test)."""
    from tests.conftest import is_postgres

    if not is_postgres():
        pytest.skip("pg_trgm is PostgreSQL only")
    response = client.get("/opleidingen/", {"q": "omgevingwet"})
    assert titles(response) == ["Omgevingswet en grondbeleid"]
    assert titles(client.get("/opleidingen/", {"q": "xylofoon"})) == []


def test_misspelt_search_suggests_the_catalogues_own_word(client, catalogue, varied):
    """SQLite: "omgevingwet" finds nothing, and the page suggests "omgevingswet" with a link
    that keeps the other filters and finds the module."""
    from tests.conftest import is_postgres

    if is_postgres():
        pytest.skip("PostgreSQL finds the module itself (pg_trgm)")
    response = client.get("/opleidingen/", {"q": "omgevingwet", "format": "blended"})
    assert titles(response) == []
    assert response.context["suggestion"] == "omgevingswet"
    body = response.content.decode()
    assert "Bedoelde je" in body and "q=omgevingswet" in body and "format=blended" in body
    followed = client.get("/opleidingen/?" + response.context["suggestion_querystring"])
    assert titles(followed) == ["Omgevingswet en grondbeleid"]


def test_no_suggestion_for_a_correct_or_unrelated_query(client, catalogue, varied):
    assert client.get("/opleidingen/", {"q": "omgevingswet"}).context["suggestion"] == ""
    assert client.get("/opleidingen/", {"q": "xylofoon"}).context["suggestion"] == ""


def test_each_card_shows_gratis_or_the_price_and_the_next_date(
    client, catalogue, make_module, make_run, make_seller, institution
):
    """A free run's card reads "Gratis"; a paid one shows its euro price; both show the date."""
    make_seller(institution)
    free = make_module("Kennissessie bestuurders")
    paid = make_module("Leren van pilotprojecten")
    make_run(for_module=free, price=0)
    make_run(for_module=paid, price=Decimal("495.00"))
    response = client.get("/opleidingen/", HTTP_ACCEPT_LANGUAGE="nl")
    html = response.content.decode()
    cards = {m.title: m for m in response.context["modules"]}
    free_card = html.split("Kennissessie bestuurders", 1)[1].split('class="card"', 1)[0]
    paid_card = html.split("Leren van pilotprojecten", 1)[1].split('class="card"', 1)[0]
    assert "Gratis" in free_card and "€" not in free_card
    assert "€" in paid_card and "Gratis" not in paid_card
    with translation.override("nl"):
        for title in cards:
            start = timezone.localtime(cards[title].next_run.first_start)
            assert formats.date_format(start, "j F Y") in html  # Dutch month name
