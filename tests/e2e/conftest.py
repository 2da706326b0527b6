"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server. Every page a test visits goes through :meth:`Browser.check`, which runs axe-core
(tests/e2e/vendor/axe.min.js, built by `make assets` from package-lock.json) and writes a
screenshot at phone and desktop width under test-output/screenshots/.

The tests are marked ``browser``; tests/conftest.py skips them without Chromium unless
REQUIRE_BROWSER=1 turns that into a failure."""

import json
import re
from pathlib import Path

import pytest

from tests.conftest import chromium_path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE, DESKTOP = (390, 844), (1280, 900)
BLOCKING = {"serious", "critical"}
# Flags from the machine notes: without the background-networking ones Chromium keeps trying
# to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Browser:
    """One page in Chromium, plus the record of what was checked.

    ``checked`` lists (name, url, number of serious/critical violations) for every check."""

    def __init__(self, page, base_url: str, test_name: str):
        self.page = page
        self.base_url = base_url
        self.test_name = test_name
        self.checked: list[tuple[str, str, int]] = []
        #: Content-Security-Policy violations Chromium reported on any page (issue 15).
        self.csp_violations: list[str] = []
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def goto(self, path: str, name: str | None = None):
        """Open ``path`` on the live server and check it; returns the response."""
        response = self.page.goto(self.base_url + path)
        self.check(name or path)
        return response

    def check(self, name: str) -> None:
        """Run axe at desktop and phone width (failing on serious or critical violations)
        and save a screenshot at each width."""
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.test_name}-{name}".lower()).strip("-") + (
            "-home" if name == "/" else ""
        )
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        problems = []
        for label, (width, height) in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size({"width": width, "height": height})
            self.page.screenshot(path=SCREENSHOTS / f"{slug}-{width}.png", full_page=True)
            for violation in self.axe():
                if violation["impact"] in BLOCKING:
                    nodes = "; ".join(n["target"][0] for n in violation["nodes"][:5])
                    problems.append(
                        f"[{label}] {violation['id']} ({violation['impact']}): "
                        f"{violation['help']} at {nodes}"
                    )
        self.page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        self.checked.append((name, self.page.url, len(problems)))
        assert not problems, f"axe found on {name} ({self.page.url}):\n" + "\n".join(problems)
        self.assert_no_csp_violations()

    def assert_no_csp_violations(self) -> None:
        """Fail on any Content-Security-Policy violation logged so far."""
        assert not self.csp_violations, "CSP violations:\n" + "\n".join(self.csp_violations)

    def axe(self) -> list[dict]:
        """axe-core's violations for the current page (WCAG 2.0/2.1 A and AA rules)."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated over DevTools, not as an inline <script>: the site's CSP refuses those.
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                'best-practice']},
                resultTypes: ['violations'],
            })"""
        )
        return result["violations"]


@pytest.fixture
def chromium(monkeypatch):
    """A headless Chromium (Debian's binary, never a downloaded one) for one test.

    Playwright's sync API keeps an event loop in this thread; the test's own ORM calls stay
    synchronous, so Django's async-safety check is switched off for this test only."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium, live_server, request):
    """A fresh browser context (no cookies) on the live server; see :class:`Browser`."""
    context = chromium.new_context(
        viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    driver = Browser(page, live_server.url, request.node.name)
    yield driver
    driver.assert_no_csp_violations()
    log = SCREENSHOTS.parent / "axe-pages.jsonl"
    with log.open("a", encoding="utf-8") as out:
        for name, url, count in driver.checked:
            out.write(
                json.dumps(
                    {
                        "test": request.node.name,
                        "page": name,
                        "url": url,
                        "serious_or_critical": count,
                    }
                )
                + "\n"
            )
    context.close()


@pytest.fixture
def programme(chromium, transactional_db):
    """The programme's real content (home, catalogue, modules, runs, accessibility page).

    An earlier transactional test may have flushed the tree that Wagtail's migrations made
    (see WAGTAIL-NOTES); the root page and the default locale are recreated first."""
    from django.conf import settings
    from wagtail.models import Locale, Page

    from home.programme import ProgrammeLoader

    if not Locale.objects.exists():
        Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    ProgrammeLoader().load()
