"""Checkout: prices fixed at enrolment, terms recorded, payer choice, seller completeness."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import OrganisationMembership, User
from lms.billing import pricing, services
from lms.billing.exceptions import BillingError
from lms.billing.models import CheckoutRecord, DiscountCode, Invoice, RunPricing, SellerProfile
from lms.enrolment.models import Enrolment


def days(n):
    return timezone.now() + dt.timedelta(days=n)


def test_private_payer_gets_one_invoice_with_terms_recorded(
    user, run, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.checkout(user, run, accept_terms=True)
    assert enrolment.state == "confirmed" and enrolment.price == Decimal("495.00")
    record = CheckoutRecord.objects.get(enrolment=enrolment)
    assert record.terms_version == pricing.terms_version()
    assert record.withdrawal_until > enrolment.created_at + dt.timedelta(days=13)
    invoice = Invoice.objects.get()
    assert invoice.number.startswith("TUD-") and invoice.total == Decimal("495.00")
    assert invoice.payer_user == user and invoice.organisation is None
    # One invoice mail (with its PDF) beside the enrolment's confirmation.
    invoice_mails = [
        m for m in mail.outbox if any(a[2] == "application/pdf" for a in m.attachments)
    ]
    assert len(invoice_mails) == 1


def test_terms_must_be_accepted_and_nothing_changes(user, run, seller):
    with pytest.raises(BillingError, match="terms"):
        services.checkout(user, run, accept_terms=False)
    assert not Enrolment.objects.exists() and not Invoice.objects.exists()


def test_incomplete_seller_profile_refuses_and_names_what_is_missing(user, run, institution):
    SellerProfile.objects.create(institution=institution, legal_name="TU Delft")
    with pytest.raises(BillingError, match="IBAN"):
        services.checkout(user, run, accept_terms=True)
    assert not Enrolment.objects.exists()


def test_missing_seller_profile_refuses(user, run):
    with pytest.raises(BillingError, match="no seller profile"):
        services.checkout(user, run, accept_terms=True)


def test_free_run_enrols_without_invoice(user, make_run, institution):
    run = make_run(price=Decimal("0.00"))
    enrolment = services.checkout(user, run, accept_terms=True)
    assert enrolment.state == "confirmed" and not Invoice.objects.exists()


def test_price_fixed_at_enrolment_survives_a_price_change(user, run, seller):
    enrolment = services.checkout(user, run, accept_terms=True)
    run.price = Decimal("795.00")
    run.save()
    enrolment.refresh_from_db()
    assert enrolment.price == Decimal("495.00")
    assert Invoice.objects.get().total == Decimal("495.00")


def test_early_bird_then_base(user, other_user, run, seller):
    pricing_row = RunPricing.objects.create(
        run=run, early_bird_price=Decimal("395.00"), early_bird_until=days(1)
    )
    assert services.checkout(user, run, accept_terms=True).price == Decimal("395.00")
    pricing_row.early_bird_until = days(-1)
    pricing_row.save()
    assert services.checkout(other_user, run, accept_terms=True).price == Decimal("495.00")


def test_member_price_by_domain_or_confirmed_membership(
    run, seller, organisation, civil_servant, make_user
):
    row = RunPricing.objects.create(run=run, member_price=Decimal("445.00"))
    row.member_organisations.add(organisation)
    assert pricing.quote(civil_servant, run).net == Decimal("445.00")
    outsider = make_user(email="k@gmail.example")
    assert pricing.quote(outsider, run).net == Decimal("495.00")
    OrganisationMembership.objects.create(
        user=outsider, organisation=organisation, status="approved"
    )
    assert pricing.quote(outsider, run).net == Decimal("445.00")
    unverified = make_user(email="x@utrecht.nl", verified=False)
    assert pricing.quote(unverified, run).net == Decimal("495.00")


def test_discount_codes_limits_window_and_scope(user, other_user, make_user, run, make_run, seller):
    code = DiscountCode.objects.create(
        code="GEBIED10", kind="percent", value=Decimal("10"), usage_limit=2, per_person_limit=1
    )
    code.runs.add(run)
    assert services.checkout(user, run, accept_terms=True, discount_code="gebied10").price == (
        Decimal("445.50")
    )
    with pytest.raises(BillingError, match="does not apply"):
        pricing.quote(other_user, make_run(), discount_code="GEBIED10")
    services.checkout(other_user, run, accept_terms=True, discount_code="GEBIED10")
    with pytest.raises(BillingError, match="used up"):
        services.checkout(make_user(), run, accept_terms=True, discount_code="GEBIED10")
    fixed = DiscountCode.objects.create(
        code="VAST", kind="fixed", value=Decimal("600"), valid_until=days(-1)
    )
    with pytest.raises(BillingError, match="not valid now"):
        pricing.quote(user, run, discount_code=fixed.code)
    with pytest.raises(BillingError, match="does not exist"):
        pricing.quote(user, run, discount_code="NOPE")


def test_per_person_limit(user, run, make_run, seller):
    DiscountCode.objects.create(code="EEN", kind="fixed", value=Decimal("50"))
    services.checkout(user, run, accept_terms=True, discount_code="EEN")
    with pytest.raises(BillingError, match="already used"):
        pricing.quote(user, make_run(), discount_code="EEN")


def test_organisation_pays_with_po_number_when_required(civil_servant, run, seller, organisation):
    organisation.billing_profile.po_number_required = True
    organisation.billing_profile.save()
    with pytest.raises(BillingError, match="purchase-order"):
        services.checkout(
            civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
        )
    assert not Enrolment.objects.exists()
    enrolment = services.checkout(
        civil_servant,
        run,
        accept_terms=True,
        payer="organisation",
        organisation=organisation,
        po_number="PO-2026-118",
    )
    invoice = Invoice.objects.get()
    assert enrolment.payer == "organisation" and invoice.organisation == organisation
    assert invoice.po_number == "PO-2026-118"
    assert invoice.buyer_data["name"] == "Gemeente Utrecht"
    assert invoice.buyer_data["vat_id"] == "NL002220647B01"
    assert CheckoutRecord.objects.get().withdrawal_until is None


def test_only_members_can_bill_an_organisation(user, run, seller, organisation):
    with pytest.raises(BillingError, match="belong to"):
        services.checkout(
            user, run, accept_terms=True, payer="organisation", organisation=organisation
        )


def test_express_start_keeps_the_14_day_withdrawal_and_is_recorded(user, make_run, seller):
    """Art. 6:230s BW: an early start at the consumer's request does not end the right; the
    part delivered is kept on withdrawal (tests/billing/test_withdrawal.py)."""
    run = make_run(starts=days(5))
    enrolment = services.checkout(user, run, accept_terms=True, express_start=True)
    checkout_record = CheckoutRecord.objects.get(enrolment=enrolment)
    assert checkout_record.withdrawal_until > enrolment.created_at + dt.timedelta(days=13)
    assert checkout_record.express_start


def test_checkout_page_shows_gross_price_terms_and_payer(
    client, user, run, make_seller, institution
):
    make_seller(institution, crkbo=False)
    User.objects.filter(pk=user.pk).update(language="en")  # the account's choice wins
    client.force_login(user)
    response = client.get(reverse("enrolment:enrol", args=[run.pk]), follow=True)
    body = response.content.decode()
    assert ("598.95" in body or "598,95" in body) and "21% VAT" in body  # 495.00 + 21 %
    assert "terms and conditions" in body and "I pay myself" in body
    assert "14 days" in body
    assert "no-store" in response["Cache-Control"]
    response = client.post(
        reverse("billing:checkout", args=[run.pk]),
        {"payer": "participant", "accept_terms": "on"},
        follow=True,
    )
    assert Enrolment.objects.get(user=user).state == "confirmed"
    assert "withdraw within 14 days" in response.content.decode()


def test_checkout_page_refuses_without_terms_and_changes_nothing(client, user, run, seller):
    User.objects.filter(pk=user.pk).update(language="en")  # the account's choice wins
    client.force_login(user)
    response = client.post(
        reverse("billing:checkout", args=[run.pk]), {"payer": "participant"}, follow=True
    )
    assert response.status_code == 200
    assert "accept the terms" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_checkout_page_of_unsellable_run_says_why(client, user, run):
    """In public words (issue 24: "bookable soon"); the admin names the missing seller data."""
    User.objects.filter(pk=user.pk).update(language="en")  # the account's choice wins
    client.force_login(user)
    page = client.get(reverse("billing:checkout", args=[run.pk]))
    assert "bookable soon" in page.context["problem"]
    assert "seller" not in page.content.decode().lower()
