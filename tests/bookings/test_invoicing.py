"""The one invoice for an accepted quote (through lms.billing), its VAT per line, and the
refusals that leave the booking delivered and issue nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.billing.models import Invoice
from lms.billing.pricing import EXEMPTION_TEXT
from lms.bookings import services
from lms.bookings.exceptions import BookingError


@pytest.fixture
def delivered(quoted, team, module, django_capture_on_commit_callbacks):
    """A run-kind (or engagement-kind) booking delivered after an accepted quote."""

    def make(kind="tailored_training"):
        booking, quote, token = quoted(kind)
        services.decide_quote(token, accept=True, name="R. Visser", role="Wethouder")
        start = timezone.now() + dt.timedelta(days=3)
        if kind == "advice":
            from django.contrib.auth.models import Group

            from lms.accounts.models import COACHES_GROUP

            coach = booking.requested_by or team
            coach.groups.add(Group.objects.get_or_create(name=COACHES_GROUP)[0])
            engagement = services.start_engagement(
                booking,
                user=team,
                coaches=[coach],
                goals="Advies",
                planned_hours=Decimal("8"),
                starts_on=timezone.localdate(),
                ends_on=timezone.localdate(),
            )
            services.close_engagement(engagement, user=team, evaluation="Goed")
            services.mark_delivered(booking, user=team)
        else:
            services.create_private_run(
                booking,
                user=team,
                module=module,
                code=f"P-{booking.pk}",
                capacity=5,
                sessions=[(start, start + dt.timedelta(hours=3))],
            )
            services.mark_delivered(booking, user=team, now=start + dt.timedelta(hours=4))
        booking.refresh_from_db()
        quote.refresh_from_db()
        return booking, quote

    return make


def test_invoiced_issues_one_invoice_with_the_quote_total(
    delivered, team, institution, make_seller, billing_profile, django_capture_on_commit_callbacks
):
    seller = make_seller(institution)
    booking, quote = delivered()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_invoiced(booking, user=team)
    booking.refresh_from_db()
    assert booking.state == "invoiced"
    invoice = Invoice.objects.get()
    assert invoice.seller == seller and invoice.organisation == booking.organisation
    assert invoice.buyer_data["name"] == "Gemeente Utrecht"
    assert invoice.buyer_data["city"] == "Utrecht"
    totals = quote.totals()
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        totals.net,
        totals.vat,
        totals.gross,
    )
    assert invoice.total == Decimal("2764.32")
    lines = list(invoice.lines.all())
    assert [(line.vat_category, line.vat_rate) for line in lines] == [
        ("E", Decimal("0.00")),
        ("E", Decimal("0.00")),
        ("S", Decimal("21.00")),
    ]
    assert lines[0].exemption_reason == EXEMPTION_TEXT and lines[2].exemption_reason == ""
    assert lines[0].description.startswith(quote.number)
    entry = ModelLogEntry.objects.for_instance(booking).filter(action="bookings.invoice").get()
    assert entry.data["invoice"] == invoice.number
    # The invoice goes to the organisation's invoice address after commit; the contact is told.
    assert ["facturen@utrecht.example"] in [m.to for m in mail.outbox]
    assert [booking.contact_email] in [m.to for m in mail.outbox]
    with pytest.raises(BookingError, match="invoiced cannot take this step"):
        services.mark_invoiced(booking, user=team)
    assert Invoice.objects.count() == 1


def test_exempt_lines_are_taxed_without_crkbo_registration(
    delivered, team, institution, make_seller, billing_profile
):
    make_seller(institution, crkbo=False)
    booking, quote = delivered()
    services.mark_invoiced(booking, user=team)
    invoice = Invoice.objects.get()
    assert {line.vat_category for line in invoice.lines.all()} == {"S"}
    assert all(line.exemption_reason == "" for line in invoice.lines.all())
    assert invoice.vat_total == Decimal("576.10")  # 21 % of 2743.32, rounded half-up


def test_advice_is_not_training_so_never_exempt(
    delivered, team, institution, make_seller, billing_profile
):
    make_seller(institution)
    booking, _quote = delivered("advice")
    services.mark_invoiced(booking, user=team)
    invoice = Invoice.objects.get()
    assert {line.vat_category for line in invoice.lines.all()} == {"S"}


def test_refused_without_billing_profile(delivered, team, institution, make_seller):
    make_seller(institution)
    booking, _quote = delivered()
    with pytest.raises(BookingError, match="has no billing address"):
        services.mark_invoiced(booking, user=team)
    booking.refresh_from_db()
    assert booking.state == "delivered" and not Invoice.objects.exists()


def test_refused_with_incomplete_seller_profile(
    delivered, team, institution, make_seller, billing_profile
):
    make_seller(institution, iban="")
    booking, _quote = delivered()
    with pytest.raises(BookingError, match="lacks IBAN"):
        services.mark_invoiced(booking, user=team)
    booking.refresh_from_db()
    assert booking.state == "delivered" and not Invoice.objects.exists()


def test_quote_number_uses_the_seller_quote_prefix(quoted, institution, make_seller):
    make_seller(institution, prefix="TUD")
    _booking, quote, _token = quoted()
    assert quote.number == f"TUDO-{timezone.localdate().year}-0001"
