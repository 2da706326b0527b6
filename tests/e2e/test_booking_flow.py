"""A municipality requests a tailored format in the browser: the booking request form on a
TrainingFormatPage refuses a bad OIN next to its field, then accepts the corrected request and
shows the thank-you page; the request is in the database. axe checks every page (see conftest)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lms.bookings.models import BookingRequest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FORMAT = "/maatwerk/training-op-maat/"


def test_municipality_submits_a_booking_request(browser, programme):
    page = browser.page
    browser.goto("/maatwerk/", name="formats")
    page.locator(f"main a[href$='{FORMAT}']").first.click()
    page.wait_for_url(re.compile(re.escape(FORMAT) + "$"))
    browser.check("format")

    start = timezone.localdate() + dt.timedelta(days=60)
    page.fill("#id_organisation_name", "Gemeente Zwolle")
    page.select_option("#id_organisation_kind", "municipality")
    page.fill("#id_oin", "1234")  # an OIN has 20 digits
    page.fill("#id_contact_name", "Fatima el Amrani")
    page.fill("#id_contact_email", "f.elamrani@zwolle.example")
    page.fill("#id_contact_phone", "038 498 9111")
    page.get_by_label(re.compile("Ambtenaren|Civil servants")).check()
    page.fill("#id_expected_participants", "18")
    page.fill("#id_preferred_start", start.isoformat())
    page.fill("#id_preferred_end", (start + dt.timedelta(days=30)).isoformat())
    page.select_option("#id_place", "own_premises")
    page.fill("#id_question", "Een training over de onrendabele top voor ons projectteam.")
    submit = page.locator(".booking-form form button[type=submit]")
    submit.click()
    page.wait_for_load_state()
    browser.check("format-error")

    field = page.locator("#id_oin")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_oin_error" in field.get_attribute("aria-describedby")
    assert page.locator("#id_oin_error").is_visible()
    assert "20" in page.locator("#id_oin_error").inner_text()
    assert page.locator("#id_oin_error p").count() == 1  # not also "give your OIN"
    # A summary above the long form says that it was not sent and links to the field.
    summary = page.locator("#booking-form-errors")
    assert summary.get_attribute("role") == "alert"
    summary.locator("a[href='#id_oin']").click()
    assert page.evaluate("document.activeElement.id") == "id_oin"
    # What was typed is kept, and nothing was stored.
    assert page.locator("#id_organisation_name").input_value() == "Gemeente Zwolle"
    assert not BookingRequest.objects.exists()

    page.fill("#id_oin", "00000001001234567000")
    submit.click()
    page.wait_for_url(re.compile(re.escape(FORMAT) + "bedankt/$"))
    browser.check("format-thanks")
    assert page.locator(".booking-thanks h2").is_visible()

    request = BookingRequest.objects.get()
    assert request.organisation_name == "Gemeente Zwolle"
    assert request.organisation_kind == "municipality"
    assert request.oin == "00000001001234567000"
    assert request.format.url_path.endswith("/maatwerk/training-op-maat/")
    assert request.format_kind == "tailored_training"
    assert request.audience_levels == ["civil_servants"]
    assert request.expected_participants == 18
    assert request.preferred_start == start
    assert request.state == BookingRequest.State.NEW
