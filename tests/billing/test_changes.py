"""Substitutions, transfers and lapsed batch places (the design's "who is invoiced when")."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.utils import timezone

from lms.billing import services
from lms.billing.models import CreditNote, Invoice, RunPricing
from lms.enrolment import services as enrolment_services
from lms.enrolment.models import Enrolment


def late_from_now(run):
    """Make the run's free-cancellation moment lie in the past (it starts in 30 days)."""
    run.free_cancellation_days = 31
    run.save(update_fields=["free_cancellation_days"])


def test_invoice_mail_states_the_withdrawal_right(
    user, run, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.checkout(user, run, accept_terms=True)
    (invoice_mail,) = [m for m in mail.outbox if m.attachments and "pdf" in m.attachments[0][2]]
    assert "14 days" in invoice_mail.body or "14 dagen" in invoice_mail.body


def test_substitution_at_the_same_price_and_payer_keeps_the_invoice(make_user, run, seller):
    old = services.checkout(make_user(), run, accept_terms=True)
    new = Enrolment.objects.create(
        run=run, user=make_user(), state="confirmed", price=old.price, payer=old.payer
    )
    assert services.rebill_after_change(old, new) is None
    assert Invoice.objects.count() == 1 and not CreditNote.objects.exists()


def test_transfer_that_changes_the_price_credits_and_reinvoices(make_user, run, make_run, seller):
    old = services.checkout(make_user(), run, accept_terms=True)
    other_run = make_run(price=Decimal("595.00"))
    new = Enrolment.objects.create(
        run=other_run, user=old.user, state="confirmed", price=Decimal("595.00"), payer=old.payer
    )
    invoice = services.rebill_after_change(old, new)
    assert invoice.total == Decimal("595.00")
    assert CreditNote.objects.get().total == Decimal("495.00")


def test_lapsed_batch_place_is_credited_in_full(make_user, run, seller, organisation):
    late_from_now(run)  # the run's free-cancellation moment has passed
    RunPricing.objects.create(
        run=run,
        late_cancellation_percentage=Decimal("100"),
    )
    place = enrolment_services.enrol(make_user(), run, price=run.price, payer="organisation")
    services.invoice_batch([place], organisation)
    Enrolment.objects.filter(pk=place.pk).update(
        state="pending", hold_until=timezone.now() - dt.timedelta(hours=1)
    )
    place.refresh_from_db()
    enrolment_services.cancel_enrolment(place, user=make_user(is_superuser=True))
    assert CreditNote.objects.get().total == Decimal("495.00")
