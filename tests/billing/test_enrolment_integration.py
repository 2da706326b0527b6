"""Billing reacts to the real enrolment flows: an organisation's batch gets one invoice for
every place; a place waitlisted at checkout is invoiced only when it is confirmed."""

from decimal import Decimal

import pytest

from lms.accounts.models import OrganisationMembership
from lms.billing import services
from lms.billing.exceptions import BillingError
from lms.billing.models import Invoice, InvoiceLine
from lms.enrolment import batches
from lms.enrolment import services as enrolment_services
from lms.enrolment.models import Enrolment


@pytest.fixture
def contact(make_user, organisation):
    person = make_user(email="inkoop@utrecht.nl")
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status="approved"
    )
    return person


def test_batch_of_colleagues_gets_one_invoice(contact, organisation, run, seller, make_user):
    colleagues = [make_user(email=f"collega{i}@utrecht.nl") for i in range(3)]
    enrolments = batches.enrol_batch(contact, organisation, run, [c.email for c in colleagues])
    assert len(enrolments) == 3
    invoice = Invoice.objects.get()
    assert invoice.lines.count() == 3
    assert invoice.net_total == 3 * run.price
    assert invoice.organisation == organisation


def test_batch_without_seller_profile_is_refused_whole(contact, organisation, run, make_user):
    with pytest.raises(BillingError):
        batches.enrol_batch(contact, organisation, run, ["een@utrecht.nl", "twee@utrecht.nl"])
    assert not Enrolment.objects.exists() and not Invoice.objects.exists()


def test_waitlisted_checkout_is_invoiced_when_confirmed(make_run, make_user, seller):
    run = make_run(capacity=1, price=Decimal("495.00"))
    first = services.checkout(make_user(), run, accept_terms=True)
    waiting = services.checkout(make_user(), run, accept_terms=True)
    assert waiting.state == Enrolment.State.WAITLISTED
    assert not InvoiceLine.objects.filter(enrolment=waiting).exists()
    enrolment_services.cancel_enrolment(first, user=first.user)
    offer = waiting.offers.get()
    from lms.enrolment import offers

    offers.accept_offer(offer.token, user=waiting.user)
    line = InvoiceLine.objects.get(enrolment=waiting)
    assert line.unit_price == Decimal("495.00")
