"""Consumer withdrawal, "Overeenkomst herroepen" (issue 13 item 3; art. 6:230o/6:230s BW,
art. 11a Directive 2011/83/EU as amended by Directive (EU) 2023/2673)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.billing import jobs, refunds, services, withdrawal
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote, Payment
from lms.billing.providers import FakeProvider
from lms.enrolment.models import Enrolment


@pytest.fixture
def fake_provider(settings):
    settings.BILLING_PAYMENT_PROVIDER = "fake"
    FakeProvider.payments.clear()
    return FakeProvider()


def paid_online(user, run, provider):
    enrolment = services.checkout(user, run, accept_terms=True)
    invoice = enrolment.invoice_lines.get().invoice
    online = services.start_online_payment(
        invoice, provider=provider, redirect_url="r", webhook_url="w"
    )
    provider.set(online.provider_id, status="paid")
    services.sync_online_payment(online.provider_id, provider=provider)
    return enrolment, invoice


def test_consumer_withdrawal_end_to_end_refund_recorded_and_no_reminder(
    client, user, run, seller, fake_provider, django_capture_on_commit_callbacks
):
    """Mijn leeromgeving → "Overeenkomst herroepen" → confirmation step → withdrawn: place
    cancelled, credited in full, refunded through the provider tied to the credit note, an
    acknowledgement with date and time, and no reminder ever after."""
    enrolment, invoice = paid_online(user, run, fake_provider)
    client.force_login(user)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    url = reverse("billing:withdraw", args=[enrolment.pk])
    assert "Overeenkomst herroepen" in dashboard and url in dashboard
    confirm = client.get(url).content.decode()
    assert "Herroeping bevestigen" in confirm
    assert Enrolment.objects.get(pk=enrolment.pk).state == "confirmed"  # GET changes nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "herroepen" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).state == "cancelled"
    note = CreditNote.objects.get(invoice=invoice)
    assert note.total == invoice.total
    refund = Payment.objects.get(direction="out")
    assert refund.amount == invoice.total and refund.credit_note == note
    assert refunds.balance(invoice).outstanding == 0 and refunds.open_refunds(invoice) == []
    now = timezone.localtime()
    (ack,) = [m for m in mail.outbox if "herroeping" in m.subject.lower()]
    assert now.strftime("%d-%m-%Y") in ack.body and " om " in ack.body
    with django_capture_on_commit_callbacks(execute=True):
        late = invoice.due_date + dt.timedelta(days=30)
        assert jobs.send_overdue_reminders(today=late).startswith("0 ")
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert url not in dashboard


def test_withdrawal_after_an_express_start_keeps_the_part_delivered(
    user, make_run, seller, fake_provider
):
    start = timezone.now() + dt.timedelta(days=2)
    run = make_run(starts=start, sessions=2)  # two sessions of 6 hours, a week apart
    enrolment = services.checkout(user, run, accept_terms=True, express_start=True)
    after_first_day = start + dt.timedelta(days=1)
    assert withdrawal.delivered_fraction(run, after_first_day) == Decimal("0.5")
    result = withdrawal.withdraw(enrolment, user=user, provider=fake_provider, now=after_first_day)
    assert result.kept == Decimal("247.50")
    assert result.credit_note.net_total == Decimal("247.50")


def test_withdrawal_only_by_the_person_and_within_14_days(user, other_user, run, seller):
    enrolment = services.checkout(user, run, accept_terms=True)
    with pytest.raises(BillingError, match="own"):
        withdrawal.withdraw(enrolment, user=other_user)
    late = timezone.now() + dt.timedelta(days=14, minutes=1)
    assert not withdrawal.may_withdraw(enrolment, late)
    with pytest.raises(BillingError, match="over"):
        withdrawal.withdraw(enrolment, user=user, now=late)
    assert Enrolment.objects.get(pk=enrolment.pk).state == "confirmed"


def test_bank_paid_withdrawal_leaves_to_refund_for_staff(user, run, seller, programme_team_user):
    enrolment = services.checkout(user, run, accept_terms=True)
    invoice = enrolment.invoice_lines.get().invoice
    services.register_bank_payment(
        invoice.payment_reference,
        invoice.total,
        received_on=timezone.localdate(),
        user=programme_team_user,
    )
    result = withdrawal.withdraw(enrolment, user=user, provider=None)
    assert result.to_refund == invoice.total
    assert refunds.balance(invoice).to_refund == invoice.total
