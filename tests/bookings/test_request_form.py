"""The booking form on a TrainingFormatPage: validation, honeypot, rate limit, thanks page."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lms.bookings.models import BookingRequest
from lms.bookings.views import REQUEST_RATE

EN = {"gs_language": "en"}


@pytest.fixture
def page(make_format):
    return make_format("knowledge_session", title="Kennissessie")


@pytest.fixture
def post(client, page, django_capture_on_commit_callbacks):
    client.cookies.load(EN)

    def send(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data)

    return send


def test_form_is_shown(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    assert b'name="organisation_name"' in response.content


def test_valid_request_is_saved_mailed_and_thanked(post, booking_form_data, page):
    response = post(booking_form_data())
    assert response.status_code == 302
    assert response["Location"] == page.url + "bedankt/"
    booking = BookingRequest.objects.get()
    assert booking.format_id == page.pk and booking.format_kind == "knowledge_session"
    assert booking.audience_levels == ["civil_servants", "administrators"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"kvk_number": "123"}, "kvk_number", "exactly 8 digits"),
        ({"oin": "", "kvk_number": ""}, "oin", "OIN or KvK"),
        ({"organisation_kind": "company", "oin": ""}, "kvk_number", "KvK number"),
        ({"expected_participants": "0"}, "expected_participants", "greater than or equal to 1"),
        ({"place": "elsewhere"}, "place_detail", "say where"),
        ({"audience_levels": []}, "audience_levels", "at least one audience level"),
        ({"contact_email": "geen-adres"}, "contact_email", "valid email"),
    ],
)
def test_bad_input_is_refused_with_message(post, booking_form_data, overrides, field, message):
    response = post(booking_form_data(**overrides))
    assert response.status_code == 400
    errors = " ".join(str(e) for e in response.context["form"].errors[field])
    assert message in errors
    assert BookingRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"oin": "1234", "kvk_number": ""}, "oin"),
        ({"organisation_kind": "company", "oin": "", "kvk_number": "123"}, "kvk_number"),
    ],
)
def test_malformed_number_gets_one_message(post, booking_form_data, overrides, field):
    """A malformed OIN or KvK number is not also reported as missing."""
    response = post(booking_form_data(**overrides))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert len(errors[field]) == 1 and "exactly" in errors[field][0]
    assert set(errors) == {field}


def test_period_in_the_past_or_reversed_is_refused(post, booking_form_data):
    today = timezone.localdate()
    response = post(booking_form_data(preferred_start=today - dt.timedelta(days=1)))
    assert "cannot start in the past" in str(response.context["form"].errors)
    response = post(
        booking_form_data(
            preferred_start=today + dt.timedelta(days=10),
            preferred_end=today + dt.timedelta(days=5),
        )
    )
    assert "end on or after its start" in str(response.context["form"].errors)
    assert BookingRequest.objects.count() == 0


def test_honeypot_filled_saves_nothing(post, booking_form_data):
    response = post({**booking_form_data(), "website": "http://spam.example"})
    assert response.status_code == 400
    assert BookingRequest.objects.count() == 0 and mail.outbox == []


def test_rate_limit_per_address(post, booking_form_data):
    allowed = int(REQUEST_RATE.split("/")[0])
    for _ in range(allowed):
        assert post(booking_form_data()).status_code == 302
    response = post(booking_form_data())
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert BookingRequest.objects.count() == allowed


def test_thanks_page(client, page):
    client.cookies.load(EN)
    response = client.get(page.url + "bedankt/")
    assert response.status_code == 200
    assert response.context["thanks"] is True
    assert b'name="organisation_name"' not in response.content
