"""Issue 24 item 1 in the browser: with JavaScript the organisation's fields show only when
the organisation pays, and the business details only when a person pays as their business;
no sideways scroll at 390 px; axe and screenshots at 1280 and 390 px."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_payer_choice_shows_only_the_fields_of_that_payer(
    browser, make_user, run, institution, make_seller
):
    make_seller(institution)
    person = make_user(email="betaler@example.org")
    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    page.goto(browser.base_url + reverse("billing:checkout", args=[run.pk]))
    payer = page.get_by_role("group", name="Wie betaalt?")
    assert payer.is_visible()
    po_number = page.get_by_label("Inkoopordernummer")
    assert not po_number.is_visible()
    assert not page.get_by_label("Bedrijfsnaam").is_visible()
    page.get_by_label("Mijn onderneming").check()
    assert page.get_by_label("Bedrijfsnaam").is_visible()
    browser.check("checkout-participant")

    payer.get_by_label("Mijn organisatie betaalt").check()
    assert po_number.is_visible() and page.get_by_label("Organisatie", exact=True).is_visible()
    assert not page.get_by_label("Bedrijfsnaam").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    browser.check("checkout-organisation")
