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
from lms.bookings.quote_vat import quote_totals


@pytest.fixture
def delivered(quoted, team, module, django_capture_on_commit_callbacks):
    """A run-kind (or engagement-kind) booking delivered after an accepted quote."""

    def make(kind="tailored_training", **quote_options):
        booking, quote, token = quoted(kind, **quote_options)
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
    totals = quote_totals(quote)
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        totals.net,
        totals.vat,
        totals.gross,
    )
    # Travel for a training follows the training: exempt with a CRKBO-registered seller.
    assert invoice.total == Decimal("2743.32")
    lines = list(invoice.lines.all())
    assert [(line.vat_category, line.vat_rate) for line in lines] == [("E", Decimal("0.00"))] * 3
    assert lines[0].exemption_reason == EXEMPTION_TEXT
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


# --- Issue 13 item 1: one VAT rule for quote and invoice; invoice = accepted quote ----------


def _invoice_totals():
    invoice = Invoice.objects.get()
    return invoice.net_total, invoice.vat_total, invoice.total


def test_quote_shows_the_vat_the_invoice_charges_without_crkbo(
    delivered, team, institution, make_seller, billing_profile
):
    """Seen: lines marked exempt showed 0 % on the quote and were taxed 21 % at invoicing
    when the seller was not CRKBO-registered. Now the quote already shows 21 %."""
    make_seller(institution, crkbo=False)
    booking, quote = delivered()
    totals = quote_totals(quote)
    assert totals.vat == Decimal("576.10")
    services.mark_invoiced(booking, user=team)
    assert _invoice_totals() == (totals.net, totals.vat, totals.gross)


def test_advice_quote_is_taxed_on_the_quote_as_on_the_invoice(
    delivered, team, institution, make_seller, billing_profile
):
    make_seller(institution)
    booking, quote = delivered("advice")
    totals = quote_totals(quote)
    assert {item[0] for item in totals.groups()} == {"S"}
    services.mark_invoiced(booking, user=team)
    assert _invoice_totals() == (totals.net, totals.vat, totals.gross)


def test_exempt_on_other_grounds_needs_basis_and_reason_and_is_printed_and_logged(
    delivered, quoted, team, institution, make_seller, billing_profile
):
    from lms.billing import vat

    make_seller(institution)
    with pytest.raises(BookingError, match="legal basis and a reason"):
        quoted("advice", lines=[{**ADVICE_LINE, "exempt_basis": "art. 11 lid 1 onderdeel g"}])
    line = {
        **ADVICE_LINE,
        "exempt_basis": "art. 11 lid 1 onderdeel g Wet OB 1968",
        "exempt_reason": "advies als onderdeel van zorg",
    }
    booking, quote = delivered("advice", lines=[line])
    assert quote.lines.get().vat_category == "E"
    text = vat.other_grounds_text(line["exempt_basis"], line["exempt_reason"])
    assert quote_totals(quote).vat == Decimal("0.00")
    sent = ModelLogEntry.objects.for_instance(quote).get(action="bookings.quote_send")
    assert sent.data["exempt_on_other_grounds"][0]["basis"] == line["exempt_basis"]
    import io

    from pypdf import PdfReader

    from lms.bookings.pdf import render_quote

    printed = " ".join(PdfReader(io.BytesIO(render_quote(quote))).pages[0].extract_text().split())
    assert "advies als onderdeel van zorg" in printed
    services.mark_invoiced(booking, user=team)
    invoice_line = Invoice.objects.get().lines.get()
    assert (invoice_line.vat_category, invoice_line.exemption_reason) == ("E", text)


def test_vat_rate_change_before_delivery_needs_staff_confirmation(
    delivered, team, institution, make_seller, billing_profile
):
    from lms.billing.models import VatRate
    from lms.bookings.exceptions import VatChangeNeedsConfirmation
    from lms.bookings.invoicing import vat_changes

    make_seller(institution)
    today = timezone.localdate()
    booking, quote = delivered("advice", planned=today - dt.timedelta(days=10))
    assert quote_totals(quote).vat == Decimal("576.10")  # 21 % of 2743.32 (advice: taxed)
    VatRate.objects.create(
        category="S", rate=Decimal("22.00"), valid_from=today - dt.timedelta(days=1)
    )
    changes = vat_changes(booking)
    assert [(c.quoted_rate, c.rate) for c in changes] == [(Decimal("21.00"), Decimal("22.00"))] * 3
    with pytest.raises(VatChangeNeedsConfirmation):
        services.mark_invoiced(booking, user=team)
    assert not Invoice.objects.exists()
    services.mark_invoiced(booking, user=team, confirm_vat_change=True)
    invoice = Invoice.objects.get()
    assert invoice.net_total == quote_totals(quote).net  # exactly the accepted net amounts
    assert invoice.vat_total == Decimal("603.53")  # 22 % of 2743.32
    entry = ModelLogEntry.objects.for_instance(booking).get(action="bookings.invoice")
    assert entry.data["vat_changed"][0]["invoiced"] == "22.00"


def test_quote_pdf_and_page_say_vat_follows_the_delivery_date(quoted, institution, make_seller):
    import io

    from pypdf import PdfReader

    from lms.bookings.pdf import render_quote

    make_seller(institution)
    _booking, quote, _token = quoted()
    printed = " ".join(PdfReader(io.BytesIO(render_quote(quote))).pages[0].extract_text().split())
    assert "werkelijke leverdatum" in printed  # the quote's PDF is Dutch


ADVICE_LINE = {
    "kind": "advice_hours",
    "quantity": Decimal("20"),
    "unit_price": Decimal("130.00"),
}


def test_staff_page_shows_the_vat_difference_and_asks_to_confirm(
    client, delivered, team, institution, make_seller, billing_profile
):
    from django.urls import reverse

    from lms.billing.models import VatRate

    make_seller(institution)
    today = timezone.localdate()
    booking, _quote = delivered("advice", planned=today - dt.timedelta(days=10))
    VatRate.objects.create(
        category="S", rate=Decimal("22.00"), valid_from=today - dt.timedelta(days=1)
    )
    client.force_login(team)
    url = reverse("bookings_manage", args=[booking.pk])
    page = client.get(url).content.decode()
    assert 'id="vat-changes"' in page and "22%" in page
    client.post(url, {"action": "invoice"})
    assert not Invoice.objects.exists()
    client.post(url, {"action": "invoice", "confirm_vat_change": "1"})
    assert Invoice.objects.get().vat_total == Decimal("603.53")
