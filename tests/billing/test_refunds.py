"""Refunds (issue 13 item 3): positive amounts with a direction, open items, no reminders for
refunded money, "to refund" on overpaid invoices, money formatted in e-mails."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lms.billing import jobs, refunds, services
from lms.billing.exceptions import BillingError
from lms.billing.models import Invoice, Payment
from lms.billing.providers import FakeProvider


@pytest.fixture
def fake_provider(settings):
    settings.BILLING_PAYMENT_PROVIDER = "fake"
    FakeProvider.payments.clear()
    return FakeProvider()


def pay_online(invoice, provider):
    online = services.start_online_payment(
        invoice, provider=provider, redirect_url="r", webhook_url="w"
    )
    provider.set(online.provider_id, status="paid")
    services.sync_online_payment(online.provider_id, provider=provider)
    online.refresh_from_db()
    return online


def to_resolve():
    return list(refunds.invoices_to_resolve(Invoice.objects.with_paid()))


def test_a_payment_is_never_negative(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.bulk_create(
            [
                Payment(
                    invoice=invoice,
                    amount=Decimal("-1.00"),
                    method="bank",
                    received_on=timezone.localdate(),
                )
            ]
        )


def test_provider_refund_is_outgoing_and_an_open_item_until_credited(
    user, run, seller, paid_invoice_for, fake_provider, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    online = pay_online(invoice, fake_provider)
    fake_provider.set(online.provider_id, amount_refunded=Decimal("495.00"))  # at Mollie's site
    services.sync_online_payment(online.provider_id, provider=fake_provider)
    services.sync_online_payment(online.provider_id, provider=fake_provider)  # booked once
    refund = Payment.objects.get(direction="out")
    assert refund.amount == Decimal("495.00") and refund.method == "online"
    assert to_resolve() == [invoice]
    note = refunds.credit_refund(invoice, user=programme_team_user)
    assert note.total == Decimal("495.00")
    assert to_resolve() == []
    assert invoice.payment_state() == "credited" or refunds.balance(invoice).outstanding == 0


def test_staff_may_record_why_a_refund_gets_no_credit_note(
    user, run, seller, paid_invoice_for, fake_provider, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    online = pay_online(invoice, fake_provider)
    services.refund_online_payment(
        online, Decimal("95.00"), provider=fake_provider, user=programme_team_user
    )
    assert to_resolve() == [invoice]
    refund = Payment.objects.get(direction="out")
    with pytest.raises(BillingError, match="why"):
        refunds.decide_without_credit(refund, reason=" ", user=programme_team_user)
    refunds.decide_without_credit(
        refund, reason="Goodwill for a late room change", user=programme_team_user
    )
    assert to_resolve() == []


def test_no_reminder_for_refunded_money(
    user,
    run,
    seller,
    paid_invoice_for,
    fake_provider,
    programme_team_user,
    django_capture_on_commit_callbacks,
):
    invoice = paid_invoice_for(user, run)
    online = pay_online(invoice, fake_provider)
    services.refund_online_payment(
        online, Decimal("495.00"), provider=fake_provider, user=programme_team_user
    )
    mail.outbox.clear()
    late = invoice.due_date + dt.timedelta(days=30)
    assert invoice.payment_state(late) == "overdue"  # on paper; the money went back
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.send_overdue_reminders(today=late) == "0 overdue reminder(s) sent"
    assert mail.outbox == []


def test_reminder_amount_is_money_on_every_database(
    user, run, seller, paid_invoice_for, programme_team_user, django_capture_on_commit_callbacks
):
    invoice = paid_invoice_for(user, run)
    services.register_bank_payment(
        invoice.payment_reference,
        Decimal("249.05"),
        received_on=timezone.localdate(),
        user=programme_team_user,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.send_overdue_reminders(today=invoice.due_date + dt.timedelta(days=8))
    (message,) = mail.outbox
    assert "€ 245,95 " in message.body  # Dutch, two places, never 245.950000000000


def test_overpaid_invoice_shows_to_refund_and_staff_mark_it_refunded(
    client, user, run, seller, paid_invoice_for, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    for amount in ("495.00", "40.00"):
        services.register_bank_payment(
            invoice.payment_reference,
            Decimal(amount),
            received_on=timezone.localdate(),
            user=programme_team_user,
        )
    assert refunds.balance(invoice).to_refund == Decimal("40.00")
    client.force_login(user)
    assert "Terug te betalen: € 40,00" in client.get(reverse("portal:dashboard")).content.decode()
    with pytest.raises(BillingError, match="exceeds"):
        refunds.record_bank_refund(
            invoice, Decimal("535.01"), refunded_on=timezone.localdate(), user=programme_team_user
        )
    refunds.record_bank_refund(
        invoice, Decimal("40.00"), refunded_on=timezone.localdate(), user=programme_team_user
    )
    assert refunds.balance(invoice).to_refund == 0
    assert invoice.payment_state() == "paid"
    assert to_resolve() == []  # an overpayment refunded needs no credit note


def test_document_email_formats_the_total(
    user, run, make_seller, institution, django_capture_on_commit_callbacks
):
    make_seller(institution, crkbo=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.checkout(user, run, accept_terms=True)
    (message,) = [m for m in mail.outbox if any(a[2] == "application/pdf" for a in m.attachments)]
    assert "€ 598,95." in message.body


def test_online_payment_provider_refund_staff_task_and_credit_note_end_to_end(
    client, user, run, seller, paid_invoice_for, fake_provider, programme_team_user
):
    """Online payment → refund made at the provider → webhook → open item on the programme
    team's admin home and under "to resolve" → staff credit the place from the invoice page."""
    invoice = paid_invoice_for(user, run)
    client.force_login(user)
    client.post(reverse("billing:pay", args=[invoice.pk]))
    online = invoice.online_payments.get()
    fake_provider.set(online.provider_id, status="paid")
    client.post(reverse("billing:webhook"), {"id": online.provider_id})
    fake_provider.set(online.provider_id, amount_refunded=invoice.total)
    client.post(reverse("billing:webhook"), {"id": online.provider_id})
    client.force_login(programme_team_user)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    page = reverse("billing_invoice", args=[invoice.pk])
    assert "Af te handelen terugbetalingen" in home and page in home
    listing = reverse("wagtailsnippets_billing_invoice:list")
    assert invoice.number in client.get(listing + "?to_resolve=true").content.decode()
    body = client.get(page).content.decode()
    assert "Het terugbetaalde bedrag crediteren" in body
    assert f"?reference={invoice.payment_reference}" in body
    response = client.post(page, {"action": "credit_refund"}, follow=True)
    assert response.status_code == 200
    assert invoice.credit_notes.get().total == invoice.total
    assert invoice.number not in client.get(listing + "?to_resolve=true").content.decode()
    assert page not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_invoice_page_is_scoped_and_actions_need_the_right_to_act(
    client, user, run, seller, paid_invoice_for, make_user
):
    invoice = paid_invoice_for(user, run)
    page = reverse("billing_invoice", args=[invoice.pk])
    client.force_login(user)  # the payer sees it in the portal, not in the admin
    assert client.post(page, {"action": "credit_refund"}).status_code in (302, 403, 404)
    assert invoice.credit_notes.count() == 0


def test_payment_listing_shows_the_direction(
    client, user, run, seller, paid_invoice_for, fake_provider, programme_team_user
):
    invoice = paid_invoice_for(user, run)
    online = pay_online(invoice, fake_provider)
    services.refund_online_payment(
        online, Decimal("95.00"), provider=fake_provider, user=programme_team_user
    )
    client.force_login(programme_team_user)
    listing = client.get(reverse("wagtailsnippets_billing_payment:list") + "?direction=out")
    assert listing.status_code == 200 and "Terugbetaald" in listing.content.decode()
