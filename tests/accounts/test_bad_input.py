"""Issue 15: a NUL byte in the path, the query string or a form value is answered 400 with the
site's own page (PostgreSQL refuses NUL in text; before, such a request answered 500)."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

DUTCH = "Ongeldig verzoek"
ENGLISH = "Bad request"


@pytest.mark.parametrize(
    "url",
    [
        "/opleidingen/%00/",
        "/opleidingen/?q=%00",
        "/opleidingen/?theme=a%00b",
        "/opleidingen/?%00=1",
        "/kennisbank/?province=%00",
        "/certificaat/ABC%00DEF/",
        "/inschrijven/aanbod/x%00y/",
    ],
)
def test_nul_in_path_or_query_answers_400(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    assert DUTCH in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


def test_nul_in_a_form_value_answers_400(client, catalogue):
    response = client.post("/account/inloggen/", {"username": "a\x00b@example.org"})
    assert response.status_code == 400
    assert DUTCH in response.content.decode()


def test_the_400_page_speaks_the_visitors_language(client, catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/opleidingen/?q=%00")
    assert response.status_code == 400
    page = response.content.decode()
    assert ENGLISH in page and "NUL" in page
    assert "<header" in page  # the site's layout, not a bare text


def test_input_without_nul_passes(client, catalogue):
    assert client.get("/opleidingen/?q=omgevingswet").status_code == 200


def test_djangos_own_bad_requests_use_the_same_page(client, catalogue, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/opleidingen/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert DUTCH in response.content.decode()


@pytest.mark.postgres
def test_catalogue_search_with_nul_is_400_on_postgres(client, catalogue):
    assert client.get("/opleidingen/?q=%00").status_code == 400
