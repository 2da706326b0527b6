"""Immutability in the database, the retention purge and prefix rules (issue 13 item 8)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from lms.billing import numbering, retention, services
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote, Invoice, InvoiceLine, Payment, SellerProfile


@pytest.fixture
def issued(user, run, seller, paid_invoice_for, programme_team_user):
    invoice = paid_invoice_for(user, run)
    services.register_bank_payment(
        invoice.payment_reference,
        Decimal("10.00"),
        received_on=timezone.localdate(),
        user=programme_team_user,
    )
    services.issue_credit_note(invoice, {invoice.lines.get(): Decimal("5")}, reason="Test")
    return invoice


def refused(statement, *params):
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, params)


@pytest.mark.postgres
def test_postgres_refuses_updates_and_deletes_of_issued_documents_even_raw(issued):
    refused("UPDATE billing_invoice SET total = total + 1, net_total = net_total + 1")
    refused("DELETE FROM billing_invoice WHERE id = %s", issued.pk)
    refused("UPDATE billing_invoiceline SET description = 'x'")
    refused("UPDATE billing_creditnote SET reason = 'x'")
    refused("DELETE FROM billing_creditnoteline")
    refused("UPDATE billing_payment SET amount = 1")
    refused("DELETE FROM billing_payment")
    with pytest.raises(DatabaseError), transaction.atomic():
        Invoice.objects.filter(pk=issued.pk).update(note="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        InvoiceLine.objects.all().delete()
    assert Invoice.objects.get(pk=issued.pk).note == ""
    # Negative control: what the trigger guards is writable without it (a plain table).
    with connection.cursor() as cursor:
        cursor.execute("UPDATE billing_numbercounter SET last_number = last_number")
    # Payments are append-only: a new one is fine.
    services.register_bank_payment(
        issued.payment_reference, Decimal("1"), received_on=timezone.localdate(), user=None
    )


@pytest.mark.postgres
def test_postgres_lets_the_retention_purge_and_set_null_through(issued):
    Payment.objects.filter(invoice=issued).update(recorded_by=None)  # SET_NULL on user delete
    later = dt.date(issued.issue_date.year + 8, 1, 2)
    assert retention.purge(later)["Invoice"] == 1
    assert not Invoice.objects.exists() and not Payment.objects.exists()


def test_python_guard_and_payments_append_only_on_every_database(issued):
    payment = Payment.objects.filter(invoice=issued).first()
    payment.amount = Decimal("1.00")
    with pytest.raises(BillingError):
        payment.save()
    with pytest.raises(BillingError):
        payment.delete()
    with pytest.raises(BillingError):
        issued.delete()


def test_retention_purge_keeps_seven_years_from_the_end_of_the_year(issued, capsys):
    year = issued.issue_date.year
    assert retention.purgeable(dt.date(year + 7, 12, 31)) == []
    assert retention.purgeable(dt.date(year + 8, 1, 1)) == [issued]
    counts = retention.purge(dt.date(year + 8, 1, 1), dry_run=True)
    assert counts["Invoice"] == 1 and counts["CreditNote"] == 1 and Invoice.objects.exists()
    call_command("purge_billing_documents", "--dry-run")
    assert "would delete" in capsys.readouterr().out
    retention.purge(dt.date(year + 8, 1, 1))
    assert not Invoice.objects.exists() and not CreditNote.objects.exists()


def test_prefixes_are_capitals_and_digits_unique_across_sellers_and_series(
    seller, make_institution
):
    seller.invoice_prefix = "tud-1"
    with pytest.raises(ValidationError) as error:
        seller.full_clean()
    assert "invoice_prefix" in error.value.message_dict
    seller.invoice_prefix = "TUD"
    seller.quote_prefix = "tudc"  # the credit-note prefix, other case
    with pytest.raises(ValidationError) as error:
        seller.full_clean()
    assert "quote_prefix" in error.value.message_dict
    other = SellerProfile(
        institution=make_institution(title="MCD", code="MCD"),
        invoice_prefix="MCD",
        credit_note_prefix="TUDO",
        quote_prefix="MCDO",
    )
    with pytest.raises(ValidationError) as error:
        other.clean()
    assert list(error.value.message_dict) == ["credit_note_prefix"]


def test_prefix_is_frozen_once_used_this_year(user, run, seller, paid_invoice_for):
    seller.credit_note_prefix = "TUDCN"
    seller.clean()  # no credit note yet this year: may change
    seller.refresh_from_db()
    paid_invoice_for(user, run)
    seller.invoice_prefix = "TUDF"
    with pytest.raises(ValidationError) as error:
        seller.clean()
    assert "invoice_prefix" in error.value.message_dict


def test_a_prefix_clash_is_a_form_error_in_the_admin(
    client, seller, make_institution, make_seller, programme_team_user
):
    other = make_seller(make_institution(title="MCD", code="MCD"), prefix="MCD")
    client.force_login(programme_team_user)
    url = reverse("wagtailsnippets_billing_sellerprofile:edit", args=[other.pk])
    form = client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(invoice_prefix="tud", institution=other.institution_id)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "invoice_prefix" in response.context["form"].errors
    assert SellerProfile.objects.get(pk=other.pk).invoice_prefix == "MCD"
    assert numbering.INVOICE == "invoice"


def test_quote_prefix_is_frozen_once_bookings_numbered_a_quote_this_year(seller):
    from django.utils import timezone

    from lms.bookings.models import QuoteNumberSeries

    seller.quote_prefix = "TUDQ"
    seller.clean()  # no quote numbered yet this year: may change
    seller.refresh_from_db()
    QuoteNumberSeries.objects.create(
        institution_id=seller.institution_id,
        year=timezone.localdate().year,
        prefix="OFF-TUD",
        last_number=1,
    )
    seller.quote_prefix = "TUDQ"
    with pytest.raises(ValidationError) as error:
        seller.clean()
    assert "quote_prefix" in error.value.message_dict
