"""End-to-end across portal, enrolment and billing (issue 13 item 2): an organisation's contact
enrols a taxed batch in the portal, cancels one place, then the others; the invoice balances to
0.00 exactly and the organisation owes nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.models import OrganisationMembership
from lms.billing.models import CreditNote, Invoice
from lms.enrolment.models import Enrolment


@pytest.fixture
def contact(make_user, organisation):
    person = make_user(email="inkoop@utrecht.nl")
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status="approved"
    )
    return person


def test_portal_batch_partial_then_last_cancellation_balances_to_zero(
    client, contact, organisation, make_run, make_seller, institution, make_user
):
    make_seller(institution, crkbo=False)
    run = make_run(price=Decimal("445.50"))
    emails = [make_user(email=f"collega{i}@utrecht.nl").email for i in range(3)]
    client.force_login(contact)
    page = reverse("portal:organisation", args=[organisation.pk])
    assert client.post(page, {"run": run.pk, "emails": "\n".join(emails)}).status_code == 302
    invoice = Invoice.objects.get()
    assert (invoice.net_total, invoice.vat_total) == (Decimal("1336.50"), Decimal("280.67"))
    places = list(Enrolment.objects.filter(run=run).order_by("pk"))

    # Partial cancellation: one place of three.
    client.post(reverse("enrolment:cancel", args=[places[1].pk]), {"confirm": "1"})
    assert invoice.outstanding() == invoice.total - CreditNote.objects.get().total
    # The rest, the last place included.
    for place in (places[0], places[2]):
        client.post(reverse("enrolment:cancel", args=[place.pk]), {"confirm": "1"})
    assert Enrolment.objects.filter(run=run, state="cancelled").count() == 3
    notes = CreditNote.objects.filter(invoice=invoice)
    assert notes.count() == 3
    assert sum(n.vat_total for n in notes) == invoice.vat_total
    assert invoice.total - sum(n.total for n in notes) == Decimal("0.00")
    assert invoice.outstanding() == Decimal("0.00")
    assert invoice.payment_state() == Invoice.PaymentState.CREDITED
