"""The public pages in a real browser: axe finds no serious or critical violations at phone
and desktop width, the catalogue filters work without JavaScript, error pages speak both
languages, and the site can be used with the keyboard alone."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MODULE = "/opleidingen/tu-delft/financien-en-businesscases-in-gebiedsontwikkeling/"


def test_public_pages_pass_axe(browser, programme):
    for path in (
        "/",
        "/opleidingen/",
        MODULE,
        "/opleidingen/tu-delft/",
        "/maatwerk/",
        "/toegankelijkheid/",
        "/account/inloggen/",
        "/account/aanmelden/",
    ):
        response = browser.goto(path)
        assert response.status == 200, path
    assert browser.page.locator("h1").first.is_visible()


def test_catalogue_filters_without_javascript(chromium, live_server, programme):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/opleidingen/")
    total = page.locator(".cards > li").count()
    page.select_option("#id_institution", "tu-delft")
    page.get_by_role("button", name="Opleidingen tonen").click()
    assert "institution=tu-delft" in page.url
    titles = page.locator(".cards > li h3").all_inner_texts()
    assert 0 < len(titles) < total
    assert "Financiën en businesscases in gebiedsontwikkeling" in titles
    context.close()


def test_error_pages_in_both_languages(browser, programme):
    response = browser.goto("/bestaat-niet/", name="404-nl")
    assert response.status == 404
    assert browser.page.locator("h1").inner_text() == "Pagina niet gevonden"
    browser.page.context.add_cookies(
        [{"name": "gs_language", "value": "en", "url": browser.base_url}]
    )
    response = browser.goto("/bestaat-niet/", name="404-en")
    assert response.status == 404
    assert browser.page.locator("h1").inner_text() == "Page not found"
    assert browser.page.locator("html").get_attribute("lang") == "en"
    browser.goto("/", name="home-en")
    assert (
        browser.page.get_by_role("link", name="Nederlands").count()
        + browser.page.get_by_role("button", name="Nederlands").count()
        == 1
    )


def test_keyboard_skip_link_and_visible_focus(browser, programme):
    browser.goto("/")
    page = browser.page
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible() and skip.bounding_box()["x"] >= 0
    browser.check("skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab lands inside main, with a visible focus indicator.
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const el = document.activeElement, s = getComputedStyle(el);
                   return {inMain: !!el.closest('main'), outline: s.outlineStyle,
                           width: parseFloat(s.outlineWidth)}; }"""
    )
    assert focused["inMain"]
    assert focused["outline"] != "none" and focused["width"] >= 2
