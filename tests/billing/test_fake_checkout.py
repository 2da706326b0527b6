"""The fake provider's test checkout page: paid, failed, canceled, expired through the same
redirect-and-webhook path as Mollie; mounted only while the fake provider is configured."""

import importlib

import pytest
from django.urls import clear_url_caches, reverse

from lms.billing.models import Invoice, OnlinePayment, Payment
from lms.billing.providers import FakeProvider


@pytest.fixture
def fake_provider(settings):
    settings.BILLING_PAYMENT_PROVIDER = "fake"
    FakeProvider.payments.clear()
    FakeProvider.checkouts.clear()
    return FakeProvider()


def _start(client, user, run, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    client.force_login(user)
    response = client.post(reverse("billing:pay", args=[invoice.pk]))
    online = OnlinePayment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("billing_fake_checkout", args=[online.provider_id])
    )
    return invoice, online, response["Location"]


def test_paying_on_the_test_checkout_page_pays_the_invoice(
    client, user, run, seller, paid_invoice_for, fake_provider
):
    invoice, online, page = _start(client, user, run, paid_invoice_for)
    shown = client.get(page)
    assert shown.status_code == 200
    assert invoice.number in shown.content.decode()
    back = client.post(page, {"state": "paid"})
    assert back.status_code == 302 and back["Location"].endswith(
        reverse("billing:paid", args=[invoice.pk])
    )
    online.refresh_from_db()
    assert online.status == "paid"  # the webhook arrived before the payer came back
    final = client.get(back["Location"], follow=True)
    assert "Bedankt" in final.content.decode() or "Thank you" in final.content.decode()
    assert Payment.objects.filter(method="online").count() == 1
    assert Invoice.objects.get().payment_state() == "paid"
    # The page is single-use: a second choice changes nothing.
    client.post(page, {"state": "failed"})
    online.refresh_from_db()
    assert online.status == "paid"


@pytest.mark.parametrize("state", ["failed", "canceled", "expired"])
def test_unsuccessful_states_leave_the_invoice_open(
    client, user, run, seller, paid_invoice_for, fake_provider, state
):
    invoice, online, page = _start(client, user, run, paid_invoice_for)
    back = client.post(page, {"state": state})
    client.get(back["Location"])
    online.refresh_from_db()
    assert online.status == state
    assert not Payment.objects.exists()
    assert Invoice.objects.get().payment_state() == "open"


def test_an_unknown_state_or_payment_changes_nothing(
    client, user, run, seller, paid_invoice_for, fake_provider
):
    invoice, online, page = _start(client, user, run, paid_invoice_for)
    assert client.post(page, {"state": "chargeback"}).status_code == 200
    assert FakeProvider.payments[online.provider_id].status == "open"
    unknown = reverse("billing_fake_checkout", args=["tr_nothere"])
    assert client.get(unknown).status_code == 404


def test_the_page_answers_only_while_the_fake_provider_is_configured(
    client, user, run, seller, paid_invoice_for, fake_provider, settings
):
    invoice, online, page = _start(client, user, run, paid_invoice_for)
    settings.BILLING_PAYMENT_PROVIDER = "mollie"
    assert client.get(page).status_code == 404


def test_the_page_is_not_mounted_with_the_real_provider(settings):
    import lms.urls

    names = lambda module: {getattr(p, "name", None) for p in module.urlpatterns}  # noqa: E731
    try:
        settings.BILLING_PAYMENT_PROVIDER = "mollie"
        assert "billing_fake_checkout" not in names(importlib.reload(lms.urls))
        settings.BILLING_PAYMENT_PROVIDER = "fake"
        assert "billing_fake_checkout" in names(importlib.reload(lms.urls))
    finally:
        settings.BILLING_PAYMENT_PROVIDER = "fake"
        importlib.reload(lms.urls)
        clear_url_caches()
