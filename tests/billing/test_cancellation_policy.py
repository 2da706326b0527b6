"""Issue 13 item 4: one cancellation policy. The run's free-cancellation moment decides, the fee
after it is billing's percentage, and one function says what a cancellation costs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.billing import cancellation, services
from lms.billing.models import CreditNote, RunPricing
from lms.enrolment import services as enrolment_services


@pytest.fixture
def late_run(make_run):
    """A run that starts in 5 days and is free to cancel until 14 days before: late now."""
    return make_run(starts=timezone.now() + dt.timedelta(days=5), free_cancellation_days=14)


def _organisation_place(civil_servant, run, organisation):
    return services.checkout(
        civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
    )


def test_late_cancellation_by_the_runs_rule_is_not_credited_in_full(
    civil_servant, late_run, seller, organisation
):
    """Seen: the run's "free until 14 days before" only set a log flag; billing had no deadline
    of its own, so this late cancellation was credited in full."""
    RunPricing.objects.create(run=late_run, late_cancellation_percentage=Decimal("40"))
    place = _organisation_place(civil_servant, late_run, organisation)
    cost = cancellation.cancellation_cost(place)
    assert (cost.reason, cost.fee_percentage) == (cancellation.LATE, Decimal("40"))
    assert (cost.kept_net, cost.credited_net) == (Decimal("198.00"), Decimal("297.00"))
    enrolment_services.cancel_enrolment(place, user=civil_servant)
    assert CreditNote.objects.get().total == cost.credited_total == Decimal("297.00")


def test_without_run_pricing_the_default_fee_applies(civil_servant, late_run, seller, organisation):
    place = _organisation_place(civil_servant, late_run, organisation)
    cost = cancellation.cancellation_cost(place)
    assert cost.fee_percentage == cancellation.DEFAULT_LATE_PERCENTAGE == Decimal("50")
    enrolment_services.cancel_enrolment(place, user=civil_servant)
    assert CreditNote.objects.get().net_total == Decimal("247.50")


def test_in_time_cancellation_is_free(civil_servant, run, seller, organisation):
    place = _organisation_place(civil_servant, run, organisation)
    cost = cancellation.cancellation_cost(place)
    assert cost.free and cost.reason == cancellation.IN_TIME
    assert cost.credited_net == Decimal("495.00")


def test_consumer_withdrawal_is_free_even_when_late(user, late_run, seller):
    place = services.checkout(user, late_run, accept_terms=True)
    assert cancellation.cancellation_cost(place).reason == cancellation.WITHDRAWAL


def test_cost_credit_includes_the_vat_the_note_will_have(
    civil_servant, make_run, make_seller, institution, organisation
):
    make_seller(institution, crkbo=False)
    run = make_run(
        starts=timezone.now() + dt.timedelta(days=5),
        free_cancellation_days=14,
        price=Decimal("445.50"),
    )
    place = _organisation_place(civil_servant, run, organisation)
    cost = cancellation.cancellation_cost(place)
    assert cost.credited_net == Decimal("222.75")
    assert cost.credited_vat == Decimal("46.78")  # 21 % of 222.75 = 46.7775
    enrolment_services.cancel_enrolment(place, user=civil_servant)
    note = CreditNote.objects.get()
    assert (note.net_total, note.vat_total, note.total) == (
        cost.credited_net,
        cost.credited_vat,
        cost.credited_total,
    )


def test_the_duplicate_deadline_field_is_gone():
    assert "cancellation_deadline" not in {f.name for f in RunPricing._meta.get_fields()}


# --- Issue 24 Broken item 7: the cancel confirmation states cost and credit ----------------


def test_confirmation_page_states_cost_and_credit_before_cancelling(
    client, civil_servant, make_run, make_seller, institution, organisation
):
    from django.urls import reverse

    make_seller(institution, crkbo=False)
    run = make_run(
        starts=timezone.now() + dt.timedelta(days=5),
        free_cancellation_days=14,
        price=Decimal("445.50"),
    )
    place = _organisation_place(civil_servant, run, organisation)
    client.force_login(civil_servant)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    url = reverse("portal:cancel", args=[place.pk])
    assert url in dashboard
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    text = page.content.decode()
    assert "Nu annuleren kost 50% van de prijs: € 222,75 (excl. btw)." in text
    assert "Je krijgt € 269,53 (incl. btw) terug" in text  # 222.75 + 46.78
    place.refresh_from_db()
    assert place.state == "confirmed"  # looking costs nothing
    client.post(reverse("enrolment:cancel", args=[place.pk]), {"confirm": "1"})
    place.refresh_from_db()
    assert place.state == "cancelled"
    assert CreditNote.objects.get().total == Decimal("269.53")


def test_confirmation_page_is_scoped_and_in_dutch(client, user, other_user, run, seller):
    from django.urls import reverse

    place = services.checkout(user, run, accept_terms=True)
    client.force_login(other_user)
    assert client.get(reverse("portal:cancel", args=[place.pk])).status_code == 404
    client.force_login(user)
    client.cookies.load({"gs_language": "nl"})
    text = client.get(reverse("portal:cancel", args=[place.pk])).content.decode()
    assert "bedenktijd" in text and "Inschrijving annuleren" in text
