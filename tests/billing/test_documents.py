"""Invoices and credit notes: numbering, VAT, immutability, the PDF, cancellation credits."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone
from pypdf import PdfReader

from lms.billing import numbering, pdf, services
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote, Invoice, RunPricing, VatRate
from lms.enrolment import services as enrolment_services

AMS = timezone.get_default_timezone()


def pdf_text(document) -> str:
    reader = PdfReader(io.BytesIO(pdf.render(document)))
    return "\n".join(page.extract_text() for page in reader.pages)


def late_from_now(run):
    """Make the run's free-cancellation moment lie in the past (it starts in 30 days)."""
    run.free_cancellation_days = 31
    run.save(update_fields=["free_cancellation_days"])


def test_numbers_are_sequential_per_seller_and_year(
    make_user, run, seller, make_institution, make_seller, make_module, make_run
):
    other = make_institution(title="MCD", code="MCD")
    make_seller(other, prefix="MCD", kvk_number="12345678")
    other_run = make_run(for_module=make_module(title="Proces", parent=other))
    year = timezone.localdate().year
    numbers = [services.checkout(make_user(), run, accept_terms=True) for _ in range(3)]
    services.checkout(make_user(), other_run, accept_terms=True)
    assert sorted(Invoice.objects.filter(seller=seller).values_list("number", flat=True)) == [
        f"TUD-{year}-00001",
        f"TUD-{year}-00002",
        f"TUD-{year}-00003",
    ]
    assert Invoice.objects.get(seller__invoice_prefix="MCD").number == f"MCD-{year}-00001"
    assert len(numbers) == 3


def test_year_is_taken_in_amsterdam(seller):
    # 31 December 23:30 UTC is already 1 January in Amsterdam.
    with time_machine.travel(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        with transaction.atomic():
            assert numbering.next_number(seller, timezone.localtime().year, "invoice") == 1
        assert timezone.localtime().year == 2027


def test_rolled_back_issue_leaves_no_gap(user, make_user, run, seller):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            services.checkout(user, run, accept_terms=True)
            raise RuntimeError("later step failed")
    services.checkout(make_user(), run, accept_terms=True)
    assert Invoice.objects.get().number.endswith("-00001")


def test_invoice_is_immutable_and_never_deleted(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    invoice.total = Decimal("1.00")
    with pytest.raises(BillingError, match="cannot be changed"):
        invoice.save()
    with pytest.raises(BillingError, match="cannot be deleted"):
        invoice.delete()
    line = invoice.lines.get()
    line.unit_price = Decimal("1.00")
    with pytest.raises(BillingError, match="cannot be changed"):
        line.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        run.enrolments.all().delete()  # PROTECT from the invoice line
    assert Invoice.objects.get().total == Decimal("495.00")


def test_crkbo_exempt_training_says_so_with_legal_reference(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    assert invoice.vat_total == 0 and invoice.vat_breakdown[0]["category"] == "E"
    text = pdf_text(invoice)
    assert "art. 11 lid 1 onderdeel o Wet OB 1968" in text


def test_crkbo_registration_must_cover_the_delivery_date(user, run, institution, make_seller):
    make_seller(
        institution,
        crkbo_registered_from=dt.date(2020, 1, 1),
        crkbo_registered_until=timezone.localdate() + dt.timedelta(days=1),
    )
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    assert invoice.vat_breakdown[0]["category"] == "S"
    assert invoice.vat_total == Decimal("103.95") and invoice.total == Decimal("598.95")


def test_advice_is_taxed_unless_marked(user, other_user, run, seller, make_run):
    RunPricing.objects.create(run=run, kind="advice")
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    assert invoice.vat_breakdown[0]["category"] == "S" and invoice.vat_total == Decimal("103.95")
    marked = make_run()
    RunPricing.objects.create(run=marked, kind="advice", vat_exempt=True)
    invoice = services.checkout(other_user, marked, accept_terms=True).invoice_lines.get().invoice
    assert invoice.vat_total == 0


def test_vat_rate_is_data_with_valid_from(user, run, institution, make_seller):
    make_seller(institution, crkbo=False)
    VatRate.objects.create(category="S", rate=Decimal("19.00"), valid_from=dt.date(2020, 1, 1))
    VatRate.objects.create(
        category="S", rate=Decimal("22.00"), valid_from=timezone.localdate() + dt.timedelta(days=3)
    )
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    assert Decimal(invoice.vat_breakdown[0]["rate"]) == Decimal("22.00")  # delivery in 30 days


def test_pdf_carries_what_art_35a_requires(civil_servant, run, seller, organisation):
    services.checkout(
        civil_servant,
        run,
        accept_terms=True,
        payer="organisation",
        organisation=organisation,
        po_number="PO-118",
    )
    invoice = Invoice.objects.get()
    text = pdf_text(invoice)
    for expected in (
        "Technische Universiteit Delft",
        "Mekelweg 5",
        "2628 CC Delft",
        "KvK: 27364528",
        "Btw-id: NL000099998B57",
        "Gemeente Utrecht",
        "Stadsplateau 1",
        "Btw-id: NL002220647B01",
        invoice.number,
        invoice.issue_date.strftime("%d-%m-%Y"),
        "Leveringsdatum",
        "Gebiedstransformatie",
        "€ 495,00",
        "Totaal te betalen",
        "NL91ABNA0417164300",
        "Betaal binnen 30 dagen",
        "PO-118",
        invoice.payment_reference,
        "vrijgesteld",
    ):
        assert expected in text, expected


def test_cancel_before_deadline_credits_in_full(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    enrolment = invoice.lines.get().enrolment
    enrolment_services.cancel_enrolment(enrolment, user=user)
    note = CreditNote.objects.get()
    assert note.invoice == invoice and note.total == invoice.total
    assert note.number.startswith("TUDC-")
    assert invoice.payment_state() == Invoice.PaymentState.CREDITED
    assert f"Betreft factuur\n{invoice.number}" in pdf_text(note) or invoice.number in pdf_text(
        note
    )


def test_cancel_after_deadline_and_withdrawal_credits_the_part_not_owed(
    civil_servant, run, seller, organisation
):
    late_from_now(run)
    RunPricing.objects.create(run=run, late_cancellation_percentage=Decimal("40"))
    enrolment = services.checkout(
        civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
    )
    enrolment_services.cancel_enrolment(enrolment, user=civil_servant)
    assert CreditNote.objects.get().total == Decimal("297.00")  # 60 % of 495.00


def test_consumer_withdrawal_beats_the_deadline(user, run, seller):
    late_from_now(run)  # the run's free-cancellation moment has passed
    RunPricing.objects.create(
        run=run,
        late_cancellation_percentage=Decimal("100"),
    )
    enrolment = services.checkout(user, run, accept_terms=True)
    enrolment_services.cancel_enrolment(enrolment, user=user)
    assert CreditNote.objects.get().total == Decimal("495.00")


def test_no_credit_when_everything_is_owed(user, run, seller):
    late_from_now(run)  # the run's free-cancellation moment has passed
    RunPricing.objects.create(
        run=run,
        late_cancellation_percentage=Decimal("100"),
    )
    enrolment = services.checkout(user, run, accept_terms=True)
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        enrolment_services.cancel_enrolment(enrolment, user=user)
    assert not CreditNote.objects.exists()


def test_credits_never_exceed_the_invoice(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    line = invoice.lines.get()
    services.issue_credit_note(invoice, {line: Decimal("400.00")}, reason="Korting")
    with pytest.raises(BillingError, match="exceed"):
        services.issue_credit_note(invoice, {line: Decimal("95.01")}, reason="Te veel")
    assert CreditNote.objects.count() == 1
