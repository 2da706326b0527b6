"""The bookings app's part of "download my data" (see lms.accounts.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.personal_data import personal_data_section, rows

from .models import BookingRequest


@personal_data_section("booking_requests", _("Booking requests"))
def _booking_requests(user) -> list[dict]:
    mine = Q(requested_by=user) | Q(contact_email__iexact=user.email)
    return rows(
        BookingRequest.objects.filter(mine).order_by("created_at"),
        "organisation_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "question",
        "state",
        "created_at",
    )
