"""Every public page is valid HTML for the Nu HTML Checker (issue 24).

The pages (``bench/web_pages.py``, the same list ``bench/web_checks.py`` measures) are rendered
by the test client on the programme's content and checked by vnu in one Java run. Marked
``browser`` (it belongs with the browser tests in CI); without Java or node_modules/vnu-jar it
is skipped with the reason, and under REQUIRE_BROWSER=1 that is a failure."""

import os

import pytest

from bench.web_pages import ensure_news, public_pages, vnu_errors, vnu_missing

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def vnu():
    """Skip (or under REQUIRE_BROWSER=1 fail) when vnu cannot run here."""
    missing = vnu_missing()
    if missing and os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but the test {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)


def test_the_checker_reports_an_error(vnu):
    page = "<!doctype html><html lang=nl><title>x</title><p id=a>1</p><p id=a>2</p></html>"
    assert vnu_errors({"duplicate id": page})["duplicate id"] != []
    assert vnu_errors({"fine": page.replace("id=a>2", "id=b>2")}) == {"fine": []}


def test_public_pages_have_no_html_errors(vnu, shared_programme, client):
    ensure_news()
    documents = {}
    for name, path in public_pages():
        response = client.get(path)
        assert response.status_code == 200, path
        documents[f"{name} ({path})"] = response.content.decode()
    errors = {name: found for name, found in vnu_errors(documents).items() if found}
    assert errors == {}
