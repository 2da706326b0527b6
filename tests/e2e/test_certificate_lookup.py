"""An employer checks a certificate code at /certificaat/: a mistyped code leads to a friendly
"not found" page with the form again; both pages pass axe at phone and desktop width."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_employer_types_a_wrong_code_and_sees_not_found(browser):
    browser.goto("/certificaat/", name="lookup")
    page = browser.page
    assert page.locator("h1").inner_text() == "Een certificaat controleren"
    page.get_by_label("Verificatiecode").fill("abcd efgh jkmn pqrs")
    page.get_by_role("button", name="Certificaat controleren").click()
    assert page.url.endswith("/certificaat/ABCDEFGHJKMNPQRS/")
    browser.check("not-found")
    assert page.locator("h1").inner_text() == "Certificaat niet gevonden"
    assert page.get_by_label("Verificatiecode").input_value() == "ABCDEFGHJKMNPQRS"
