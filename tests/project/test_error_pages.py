"""The error pages help in both languages and carry the site's look and landmarks."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Pagina niet gevonden"), ("en", "Page not found")]
)
def test_404_in_both_languages(client, home_page, language, heading):
    client.cookies["gs_language"] = language
    response = client.get("/bestaat-echt-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert heading in body
    assert 'href="#main"' in body and 'id="main"' in body


@pytest.mark.parametrize(("language", "heading"), [("nl", "Geen toegang"), ("en", "No access")])
def test_403_in_both_languages(rf: RequestFactory, db, language, heading):
    request = rf.get("/geheim/")
    request.user = None
    with translation.override(language):
        response = defaults.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert heading in response.content.decode()


def test_500_speaks_both_languages_without_a_database(rf: RequestFactory):
    response = defaults.server_error(rf.get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body
    assert 'lang="en"' in body and "Something went wrong" in body
    assert "/static/css/site.css" in body
