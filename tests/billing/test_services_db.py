"""The services' credit guard, property-tested against the database."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms.billing import services
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(min_value=1, max_value=60_000), min_size=1, max_size=5))
def test_credits_on_an_invoice_never_exceed_it(make_user, make_run, seller, amounts):
    invoice = (
        services.checkout(make_user(), make_run(), accept_terms=True).invoice_lines.get().invoice
    )
    line = invoice.lines.get()
    for cents in amounts:
        try:
            services.issue_credit_note(invoice, {line: Decimal(cents) / 100}, reason="x")
        except BillingError:
            pass
    credited = sum(note.total for note in CreditNote.objects.filter(invoice=invoice))
    assert credited <= invoice.total


@pytest.mark.parametrize("bad", ["NL123456789B01", "DE123", "NL0000999"])
def test_invalid_vat_ids_are_refused(organisation, bad):
    from django.core.exceptions import ValidationError

    profile = organisation.billing_profile
    profile.vat_id = bad
    with pytest.raises(ValidationError):
        profile.full_clean()
