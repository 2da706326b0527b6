"""Issue 24 item 3: the admin in the site's colours. As the programme team, the admin home
(with the team panel), the runs listing and a run's participants page at 1280 and 390 px:
screenshots (test-output/screenshots/test_admin_look-*), the computed colours of the sidebar
and a primary button, axe without serious or critical findings, no CSP violation. Issue 24's
rough edges: nothing cut off by the admin's main panel at either width (the runs listing's last
column, the participants' completion column), and the header title whole at 390 px beside the
header's buttons (the runs listing's "Add run")."""

import pytest

from tests import second_factor
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PRIMARY = "rgb(11, 42, 74)"  # #0b2a4a
SECONDARY = "rgb(21, 66, 115)"  # #154273


def _background(page, selector: str) -> str:
    return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")


def _cut_off(page) -> list[str]:
    """The visible elements that stick out past the right edge of Wagtail's ``<main>`` (tag,
    class and right edge in CSS px), leaving out what lies inside a scroll region (an element
    with role=region and ``overflow-x: auto``; the region itself counts). ``<main>`` hides
    horizontal overflow, so the page never scrolls sideways (document.documentElement's
    scrollWidth stays at the viewport's width) but a wider table loses its last columns out of
    reach. Hidden elements (Wagtail's bulk-action bar until a row is ticked) are left out."""
    return page.eval_on_selector(
        "#main",
        """m => {
          const edge = m.getBoundingClientRect().right + 1;
          const scrolls = e => e.matches("[role=region]")
            && getComputedStyle(e).overflowX == "auto";
          const inRegion = e => {
            for (let a = e.parentElement; a && a !== m; a = a.parentElement)
              if (scrolls(a)) return true;
            return false;
          };
          return [...m.querySelectorAll("*")]
            .filter(e => e.checkVisibility({visibilityProperty: true}))
            .map(e => [e, Math.round(e.getBoundingClientRect().right)])
            .filter(([e, right]) => right > edge && !inRegion(e))
            .slice(0, 5)
            .map(([e, right]) => `${e.tagName}.${e.getAttribute("class")} right=${right}`);
        }""",
    )


def _settled(check, page) -> tuple[bool, object]:
    """Poll ``check(page)`` (→ (ok, detail)) for up to 3 s: after a resize Wagtail's sidebar
    slides shut and the header lays out again over a few frames, so one early reading can
    catch the layout half-way."""
    ok, detail = check(page)
    for _ in range(30):
        if ok:
            break
        page.wait_for_timeout(100)
        ok, detail = check(page)
    return ok, detail


def _assert_nothing_cut_off(page, width=None) -> None:
    ok, cut = _settled(lambda p: (not (c := _cut_off(p)), c), page)
    assert ok, (width, cut)


def _title_fits(page) -> dict:
    """The header's last breadcrumb (the visible title) against its breadcrumbs strip, which
    scrolls sideways and so hides a squeezed title's end: the strip's scrollWidth and
    clientWidth, the title's right edge and the viewport's width, in CSS px."""
    return page.eval_on_selector(
        ".w-breadcrumbs",
        """b => ({scroll: b.scrollWidth, client: b.clientWidth, width: innerWidth,
                  right: b.querySelector("li:last-child").getBoundingClientRect().right})""",
    )


def _assert_title_whole(page) -> None:
    def whole(p):
        fits = _title_fits(p)
        return fits["scroll"] <= fits["client"] and fits["right"] <= fits["width"], fits

    ok, fits = _settled(whole, page)
    assert ok, fits


def test_the_admin_wears_the_site_colours(browser, programme, programme_team_user, make_user):
    from lms.enrolment.models import CourseRun, Enrolment

    page = browser.page
    browser.goto("/account/inloggen/", name="login")
    page.fill("#id_username", programme_team_user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    second_factor.pass_in_browser(browser, programme_team_user, "/beheer/")
    browser.goto("/beheer/", name="admin-home")
    assert page.locator(".team-panel").is_visible()
    assert _background(page, ".sidebar") == PRIMARY
    assert page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--w-color-secondary')"
    )
    browser.goto("/beheer/snippets/enrolment/courserun/", name="runs")
    assert _background(page, "a.button:not(.button-secondary), button.button") == SECONDARY
    # issue 24: the runs listing fits 1280 px (its price column ran past the edge); at 390 px it
    # scrolls in its own region and the title "Uitvoeringen" is whole beside "Add run"
    _assert_nothing_cut_off(page)
    page.set_viewport_size({"width": 390, "height": 844})
    _assert_title_whole(page)
    _assert_nothing_cut_off(page)
    assert page.locator("#listing-results [role=region][tabindex='0'] table.listing").count()
    page.set_viewport_size({"width": 1280, "height": 900})
    run = CourseRun.objects.order_by("pk").first()
    Enrolment.objects.create(run=run, user=make_user(), state="confirmed", price=0)
    browser.goto(f"/beheer/runs/{run.pk}/deelnemers/", name="participants")
    for width in (1280, 390):  # the completion column's buttons stay reachable
        page.set_viewport_size({"width": width, "height": 900})
        _assert_nothing_cut_off(page, width)
    # issue 24 item 4: the visible title (last breadcrumb) names the page and stays on screen
    page.set_viewport_size({"width": 390, "height": 844})
    title = page.locator(".w-breadcrumbs li").last
    assert title.inner_text().strip() == "Deelnemers en aanwezigheid"
    box = title.locator("a").first.bounding_box()
    assert box["x"] + box["width"] <= 390 and box["height"] <= 40, box
    # the buttons above and below the table (the table's own scroll in their region)
    for button in page.locator(".nice-padding p .button").all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= 390, button.inner_text()
    # issue 24 item 4: at 1280 px a run's row buttons show their words whole, one word a line
    # at most (they were one letter a line)
    browser.page.set_viewport_size({"width": 1280, "height": 900})
    browser.page.goto(browser.base_url + "/beheer/snippets/enrolment/courserun/")
    first = page.locator("td.title .actions .button").first
    assert first.bounding_box()["width"] >= 120
    # issue 24: a booking's manage page is titled "Aanvraag" (its header said "Home"), whole at
    # 390 px, with nothing cut off
    booking = _booking(run)
    browser.goto(f"/beheer/boekingen/{booking.pk}/", name="booking")
    assert page.locator(".w-breadcrumbs li").last.inner_text().strip() == "Aanvraag"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        _assert_title_whole(page)
        _assert_nothing_cut_off(page, width)


def _booking(run):
    """A new booking request for a training format of the programme, from a municipality."""
    import datetime as dt

    from django.utils import timezone

    from courses.models import TrainingFormatPage
    from lms.bookings.models import BookingRequest

    page = TrainingFormatPage.objects.first()
    return BookingRequest.objects.create(
        format=page,
        format_kind=page.kind,
        organisation_name="Gemeente Zwolle",
        organisation_kind="municipality",
        contact_name="Contact",
        contact_email="contact@zwolle.example",
        expected_participants=12,
        preferred_start=timezone.localdate(),
        preferred_end=timezone.localdate() + dt.timedelta(days=60),
        place="online",
        question="Vraag",
    )
