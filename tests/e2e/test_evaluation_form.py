"""The evaluation form in Chromium: every scale is a fieldset with a legend and its labelled
ends as description, the numbered choices sit in a row that wraps, and at 320 CSS px nothing
scrolls sideways (WCAG 1.4.10); axe stays at zero serious or critical."""

import datetime as dt

import pytest
from django.utils import timezone

from lms.enrolment import services
from lms.enrolment.models import Session
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_evaluation_scales_are_fieldsets_that_reflow(browser, make_run, make_user):
    person = make_user(email="evaluatie@example.org")
    run = make_run(price=0)
    enrolment = services.enrol(person, run)
    past = timezone.now() - dt.timedelta(days=2)
    for i, session in enumerate(Session.objects.filter(run=run).order_by("starts_at")):
        session.starts_at = past + dt.timedelta(hours=i)
        session.ends_at = past + dt.timedelta(hours=i, minutes=30)
        session.save()
    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", person.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    page.wait_for_url("**/mijn/")
    browser.goto(f"/inschrijven/evaluatie/{enrolment.pk}/", name="evaluation")
    scales = page.locator("fieldset.score-field")
    assert scales.count() == 5
    content = page.get_by_role("group", name="Inhoud")
    assert content.get_attribute("aria-describedby")
    assert "1: zeer slecht, 10: uitstekend." in content.inner_text()
    first, last = content.locator("label.score").first, content.locator("label.score").last
    assert first.bounding_box()["y"] == last.bounding_box()["y"]  # one row at desktop width
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, width
    content.get_by_label("8", exact=True).check()
    assert content.get_by_label("8", exact=True).is_checked()
