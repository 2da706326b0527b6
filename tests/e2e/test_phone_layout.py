"""At phone width (390 CSS px): the navigation sits behind a Menu button, the catalogue filters
are collapsed behind a disclosure, and /mijn/ (with its long calendar link) and the catalogue
never scroll sideways; at desktop width the navigation and filters show as before."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sideways_scroll(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_phone_menu_button_and_collapsed_filters(browser, programme):
    page = browser.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(browser.base_url + "/opleidingen/")
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    courses_link = page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Opleidingen"
    )
    assert not courses_link.is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert courses_link.is_visible()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not courses_link.is_visible()

    search = page.get_by_label("Zoeken", exact=True)
    assert not search.is_visible()
    page.locator("summary", has_text="Filters").click()
    assert search.is_visible()
    assert sideways_scroll(page) <= 0
    browser.check("catalogue-phone")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(browser.base_url + "/opleidingen/")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert courses_link.is_visible() and page.get_by_label("Zoeken", exact=True).is_visible()


def test_filters_stay_open_on_a_phone_when_one_is_used(browser, programme):
    page = browser.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(browser.base_url + "/opleidingen/?institution=tu-delft")
    assert page.locator("#id_institution").is_visible()


def test_my_page_has_no_sideways_scroll_on_a_phone(browser, programme, make_user):
    make_user(email="smal@example.org")
    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", "smal@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url("**/mijn/")
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        assert sideways_scroll(page) <= 0, width
    browser.check("my-page")


def test_no_sideways_scroll_on_the_main_pages_at_phone_width(
    browser, programme, make_user, make_seller
):
    """Issue 24 item 5: home, catalogue, module page, /mijn/ and checkout at 390 px: the header
    is one row (brand, language, Menu) and nothing scrolls sideways."""
    from django.urls import reverse

    from lms.enrolment.models import CourseRun

    run = CourseRun.objects.select_related("module").get(code="TUD-PIL-01")
    make_seller(run.module.get_parent().specific)
    make_user(email="telefoon@example.org")
    page = browser.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", "telefoon@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url("**/mijn/")
    checkout = reverse("billing:checkout", args=[run.pk])
    for path in ("/", "/opleidingen/", run.module.url, "/mijn/", checkout):
        page.goto(browser.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        header = page.locator(".header-row").bounding_box()
        assert header["height"] < 80, (path, header)  # one row, not three
        assert page.get_by_role("button", name="Menu").is_visible(), path
