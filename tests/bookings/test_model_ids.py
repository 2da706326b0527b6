"""Issue 15: ids that are no whole number or beyond 64 bits are a field error in the booking
forms (before: OverflowError on SQLite, DataError on PostgreSQL, a 500)."""

import pytest

from lms.accounts.model_fields import is_row_id
from lms.bookings.forms import BookingRequestForm, EngagementForm

BAD = ["99999999999999999999999", "9223372036854775808", "abc", "-1", "0", "1.5", ""]


def test_is_row_id():
    assert is_row_id("1") and is_row_id(2**63 - 1) and is_row_id(" 42 ")
    assert not any(is_row_id(value) for value in BAD)


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD[:-1])
def test_booking_request_modules_with_a_bad_id_is_a_field_error(home_page, bad):
    form = BookingRequestForm(data={"modules": [bad]})
    assert not form.is_valid()
    assert "modules" in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD[:-1])
def test_engagement_coaches_with_a_bad_id_is_a_field_error(bad):
    form = EngagementForm(data={"coaches": [bad]})
    assert not form.is_valid()
    assert "coaches" in form.errors
