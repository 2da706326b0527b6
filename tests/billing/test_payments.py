"""Payments: derived states, bank transfers, reminders, Mollie over HTTP, webhook idempotency."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.billing import jobs, services
from lms.billing.exceptions import BillingError
from lms.billing.models import Invoice, OnlinePayment, Payment, Reminder
from lms.billing.money import is_structured_reference
from lms.billing.providers import FakeProvider, MollieProvider

FIXTURES = Path(__file__).parent / "fixtures" / "mollie"


class RecordingSession:
    """Stands in for ``requests.Session``: records calls, answers with Mollie fixtures."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def request(self, method, url, json=None, headers=None, timeout=None):
        self.calls.append(
            {"method": method, "url": url, "json": json, "headers": headers, "timeout": timeout}
        )
        status, name = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response._content = (FIXTURES / name).read_bytes()
        return response


def test_payment_states_are_derived(user, run, seller, paid_invoice_for, programme_team_user):
    invoice = paid_invoice_for(user, run)
    today = timezone.localdate()
    assert invoice.payment_state(today) == "open"
    services.register_bank_payment(
        invoice.payment_reference, Decimal("200.00"), received_on=today, user=programme_team_user
    )
    assert invoice.payment_state(today) == "partly_paid"
    assert invoice.payment_state(invoice.due_date + dt.timedelta(days=1)) == "overdue"
    services.register_bank_payment(
        invoice.payment_reference, Decimal("295.00"), received_on=today, user=programme_team_user
    )
    assert invoice.payment_state(today) == "paid"
    services.register_bank_payment(
        invoice.payment_reference, Decimal("1.00"), received_on=today, user=programme_team_user
    )
    assert invoice.payment_state(today) == "overpaid"


def test_structured_reference_has_a_valid_check_digit(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    assert is_structured_reference(invoice.payment_reference)
    assert not is_structured_reference("1" + invoice.payment_reference[1:]) or (
        invoice.payment_reference[0] == "1"
    )


def test_bad_bank_payments_are_refused_and_change_nothing(
    user, run, seller, paid_invoice_for, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    with pytest.raises(BillingError, match="No invoice"):
        services.register_bank_payment(
            "1234567890123456",
            Decimal("10"),
            received_on=timezone.localdate(),
            user=programme_team_user,
        )
    with pytest.raises(BillingError, match="positive"):
        services.register_bank_payment(
            invoice.payment_reference,
            Decimal("-5"),
            received_on=timezone.localdate(),
            user=programme_team_user,
        )
    assert not Payment.objects.exists()


def test_admin_registers_a_bank_transfer(
    client, user, run, seller, paid_invoice_for, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    client.force_login(programme_team_user)
    url = reverse("billing_bank_payment")
    spaced = " ".join(invoice.payment_reference[i : i + 4] for i in range(0, 16, 4))
    client.post(url, {"reference": spaced, "amount": "495.00", "received_on": "2026-11-20"})
    assert Payment.objects.get().invoice == invoice
    response = client.post(url, {"reference": "999", "amount": "1", "received_on": "2026-11-20"})
    assert response.status_code == 200 and Payment.objects.count() == 1
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)


def test_overdue_reminders_go_out_once_per_level(
    user, run, seller, paid_invoice_for, django_capture_on_commit_callbacks
):
    invoice = paid_invoice_for(user, run)
    mail.outbox.clear()
    late = invoice.due_date + dt.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.send_overdue_reminders(late).startswith("1 ")
        assert jobs.send_overdue_reminders(late).startswith("0 ")
    assert Reminder.objects.get().level == 1
    assert len(mail.outbox) == 1 and invoice.payment_reference in mail.outbox[0].body
    assert jobs.send_overdue_reminders(invoice.due_date).startswith("0 ")  # not yet due


def test_mollie_create_get_and_refund_calls(settings):
    session = RecordingSession(
        (201, "payment_created.json"), (200, "payment_paid.json"), (201, "refund_created.json")
    )
    provider = MollieProvider(api_key="test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM", session=session)
    created = provider.create_payment(
        amount=Decimal("598.95"),
        description="TUD-2026-00001",
        redirect_url="https://x/r",
        webhook_url="https://x/w",
        metadata={"invoice": "TUD-2026-00001"},
    )
    assert created.id == "tr_5B8cwPMGnU" and created.status == "open"
    assert created.checkout_url.startswith("https://www.mollie.com/checkout/")
    call = session.calls[0]
    assert call["method"] == "POST" and call["url"] == "https://api.mollie.com/v2/payments"
    assert call["json"]["amount"] == {"currency": "EUR", "value": "598.95"}
    assert call["json"]["method"] == "ideal" and call["json"]["webhookUrl"] == "https://x/w"
    assert call["headers"]["Authorization"] == "Bearer test_dHar4XY7LxsDOtmnkVtjNVWXLSlXsM"
    assert call["timeout"]
    paid = provider.get_payment("tr_5B8cwPMGnU")
    assert paid.status == "paid" and paid.amount == Decimal("598.95")
    assert session.calls[1]["url"].endswith("/v2/payments/tr_5B8cwPMGnU")
    assert provider.create_refund("tr_5B8cwPMGnU", Decimal("100")) == "re_4qqhO89gsT"
    assert session.calls[2]["url"].endswith("/payments/tr_5B8cwPMGnU/refunds")
    assert session.calls[2]["json"] == {"amount": {"currency": "EUR", "value": "100.00"}}


def test_mollie_error_becomes_a_clear_billing_error():
    provider = MollieProvider(api_key="k", session=RecordingSession((422, "error_422.json")))
    with pytest.raises(BillingError, match="maximum"):
        provider.get_payment("tr_x")


def test_mollie_refund_reported_is_booked(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    created = json.loads((FIXTURES / "payment_created.json").read_text())
    OnlinePayment.objects.create(
        invoice=invoice, provider="mollie", provider_id=created["id"], amount=Decimal("495.00")
    )
    session = RecordingSession(
        (200, "payment_paid.json"), (200, "payment_refunded.json"), (200, "payment_refunded.json")
    )
    provider = MollieProvider(api_key="k", session=session)
    services.sync_online_payment("tr_5B8cwPMGnU", provider=provider)
    services.sync_online_payment("tr_5B8cwPMGnU", provider=provider)
    services.sync_online_payment("tr_5B8cwPMGnU", provider=provider)
    amounts = sorted(Payment.objects.values_list("direction", "amount"))
    assert amounts == [("in", Decimal("598.95")), ("out", Decimal("100.00"))]


@pytest.fixture
def fake_provider(settings):
    settings.BILLING_PAYMENT_PROVIDER = "fake"
    FakeProvider.payments.clear()
    return FakeProvider()


def test_online_payment_webhook_twice_and_return_redirect_book_one_payment(
    client, user, run, seller, paid_invoice_for, fake_provider
):
    invoice = paid_invoice_for(user, run)
    client.force_login(user)
    response = client.post(reverse("billing:pay", args=[invoice.pk]))
    online = OnlinePayment.objects.get()
    assert response.status_code == 302 and online.amount == Decimal("495.00")
    fake_provider.set(online.provider_id, status="paid")
    for _ in range(2):
        assert (
            client.post(reverse("billing:webhook"), {"id": online.provider_id}).status_code == 200
        )
    client.get(reverse("billing:paid", args=[invoice.pk]))
    assert Payment.objects.filter(method="online").count() == 1
    assert Invoice.objects.get().payment_state() == "paid"
    assert client.post(reverse("billing:webhook"), {"id": "tr_unknown"}).status_code == 200


def test_provider_refund_never_leaves_a_paid_invoice_silently_paid(
    user, run, seller, paid_invoice_for, fake_provider, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    online = services.start_online_payment(
        invoice, provider=fake_provider, redirect_url="r", webhook_url="w"
    )
    fake_provider.set(online.provider_id, status="paid")
    services.sync_online_payment(online.provider_id, provider=fake_provider)
    assert invoice.payment_state() == "paid"
    online.refresh_from_db()
    services.refund_online_payment(
        online, Decimal("95.00"), provider=fake_provider, user=programme_team_user
    )
    assert invoice.payment_state() == "partly_paid"
    assert invoice.outstanding() == Decimal("95.00")
    with pytest.raises(BillingError, match="exceeds"):
        services.refund_online_payment(
            online, Decimal("400.01"), provider=fake_provider, user=programme_team_user
        )
    services.register_bank_payment(
        invoice.payment_reference,
        Decimal("95.00"),
        received_on=timezone.localdate(),
        user=programme_team_user,
    )
    with pytest.raises(BillingError, match="nothing left"):
        services.start_online_payment(
            invoice, provider=fake_provider, redirect_url="r", webhook_url="w"
        )
