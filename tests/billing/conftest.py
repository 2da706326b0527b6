"""Billing fixtures: a complete seller for the default institution, an organisation buyer."""

import pytest

from lms.billing import services
from lms.billing.models import BillingProfile


@pytest.fixture
def seller(institution, make_seller):
    return make_seller(institution)


@pytest.fixture
def organisation(db):
    from lms.accounts.models import Organisation, OrganisationDomain

    org = Organisation.objects.create(
        name="Gemeente Utrecht", kind="municipality", oin="00000001002220647000"
    )
    OrganisationDomain.objects.create(organisation=org, domain="utrecht.nl")
    BillingProfile.objects.create(
        organisation=org,
        street="Stadsplateau 1",
        postcode="3521 AZ",
        city="Utrecht",
        vat_id="NL002220647B01",
        invoice_email="facturen@utrecht.nl",
        cost_centre="RO-4711",
    )
    return org


@pytest.fixture
def civil_servant(make_user):
    return make_user(email="j.bakker@utrecht.nl", first_name="Joke", last_name="Bakker")


@pytest.fixture
def paid_invoice_for(seller):
    """Checkout as a private payer; returns the enrolment's invoice."""

    def make(user, run):
        enrolment = services.checkout(user, run, accept_terms=True)
        return enrolment.invoice_lines.get().invoice

    return make
