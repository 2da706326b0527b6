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


def test_substitution_keeps_the_invoice_and_credits_nothing(make_run, make_user, seller):
    from lms.billing.models import CreditNote

    run = make_run(price=Decimal("495.00"))
    original = services.checkout(make_user(), run, accept_terms=True)
    colleague = make_user()
    enrolment_services.substitute(original, colleague, user=original.user)
    assert Invoice.objects.count() == 1
    assert not CreditNote.objects.exists()


def test_transfer_keeps_the_price_sold_and_the_invoice(
    make_run, make_user, seller, programme_team_user
):
    """A transfer moves the place at the price it was sold at and with the same payer, so the
    invoice stands and nothing is credited."""
    from lms.billing.models import CreditNote

    run = make_run(price=Decimal("495.00"))
    original = services.checkout(make_user(), run, accept_terms=True)
    other = make_run(for_module=run.module, price=Decimal("395.00"))
    moved = enrolment_services.transfer(original, other, user=programme_team_user)
    assert moved.run == other and moved.price == Decimal("495.00")
    assert Invoice.objects.count() == 1 and not CreditNote.objects.exists()


def test_plain_cancellation_still_credits(make_run, make_user, seller):
    from lms.billing.models import CreditNote

    run = make_run(price=Decimal("495.00"))
    place = services.checkout(make_user(), run, accept_terms=True)
    enrolment_services.cancel_enrolment(place, user=place.user)
    assert CreditNote.objects.count() == 1
