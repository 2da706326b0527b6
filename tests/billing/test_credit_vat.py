"""Issue 13 item 2: credit-note VAT is cumulative per rate, so every place of a batch can be
credited and a fully credited invoice balances to 0.00 exactly."""

from decimal import Decimal

import pytest

from lms.accounts.models import OrganisationMembership
from lms.billing import services
from lms.billing.models import CreditNote, Invoice
from lms.enrolment import batches
from lms.enrolment import services as enrolment_services


@pytest.fixture
def contact(make_user, organisation):
    person = make_user(email="inkoop@utrecht.nl")
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status="approved"
    )
    return person


def test_every_place_of_a_taxed_batch_can_be_credited(
    contact, organisation, make_run, make_seller, institution, make_user
):
    """Seen: 3 × € 445.50 invoiced with VAT € 280.67; each credit took € 93.56 VAT, so the
    third credit exceeded the invoice and the cancellation was refused."""
    make_seller(institution, crkbo=False)
    run = make_run(price=Decimal("445.50"))
    emails = [make_user(email=f"collega{i}@utrecht.nl").email for i in range(3)]
    places = batches.enrol_batch(contact, organisation, run, emails)
    invoice = Invoice.objects.get()
    assert invoice.vat_total == Decimal("280.67")
    for place in places:
        enrolment_services.cancel_enrolment(place, user=contact)
    notes = list(CreditNote.objects.order_by("pk"))
    assert len(notes) == 3
    assert [n.vat_total for n in notes] == [Decimal("93.56"), Decimal("93.55"), Decimal("93.56")]
    assert sum(n.total for n in notes) == invoice.total
    assert invoice.total - sum(n.total for n in notes) == Decimal("0.00")


def test_credit_note_breakdown_stays_within_en16931_rounding(
    contact, organisation, make_run, make_seller, institution, make_user
):
    """BR-CO-17: a group's VAT equals taxable × rate within the rounding tolerance (here at
    most one cent), and the stored breakdown adds up to the note's VAT total."""
    make_seller(institution, crkbo=False)
    run = make_run(price=Decimal("445.50"))
    places = batches.enrol_batch(contact, organisation, run, ["a@utrecht.nl", "b@utrecht.nl"])
    invoice = Invoice.objects.get()
    line = invoice.lines.first()
    note = services.issue_credit_note(invoice, {line: Decimal("445.50")}, reason="x")
    assert places
    for group in note.vat_breakdown:
        exact = Decimal(group["taxable"]) * Decimal(group["rate"]) / 100
        assert abs(Decimal(group["vat"]) - exact) <= Decimal("0.015")
    assert sum(Decimal(g["vat"]) for g in note.vat_breakdown) == note.vat_total
