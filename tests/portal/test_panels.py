"""Issue 17: the side panels of Mijn leeromgeving (invoices, evaluations) cost no queries on a
repeat visit, and a change to what they show is there on the next visit."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.billing import services as billing
from lms.enrolment import services
from lms.enrolment.evaluations import closes_at, invite_participants

PANEL_TABLES = ("billing_invoice", "billing_creditnote", "enrolment_evaluation")


@pytest.fixture
def seller(institution, make_seller):
    return make_seller(institution)


def visit(client):
    """The dashboard's body and the queries that read a panel's tables."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    return response.content.decode(), [q for q in sql if any(t in q for t in PANEL_TABLES)]


def test_repeat_visit_reads_no_panel_rows(client, user, run, seller):
    invoice = billing.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    client.force_login(user)
    body, first = visit(client)
    assert invoice.number in body and first
    body, again = visit(client)
    assert invoice.number in body and again == []


def test_new_invoice_and_credit_note_show_on_the_next_visit(
    client, user, run, make_run, seller, django_capture_on_commit_callbacks
):
    first = billing.checkout(user, run, accept_terms=True)
    client.force_login(user)
    visit(client)
    with django_capture_on_commit_callbacks(execute=True):
        second = billing.checkout(user, make_run(), accept_terms=True)
    body, _ = visit(client)
    assert second.invoice_lines.get().invoice.number in body
    services.cancel_enrolment(first, user=user)
    body, _ = visit(client)
    assert first.invoice_lines.get().invoice.credit_notes.get().number in body


def test_payment_turns_the_invoice_paid_on_the_next_visit(
    client, user, run, seller, programme_team_user
):
    invoice = billing.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    client.force_login(user)
    body, _ = visit(client)
    assert "Betalen met iDEAL" in body or "Pay with iDEAL" in body
    billing.register_bank_payment(
        invoice.payment_reference,
        invoice.total,
        received_on=invoice.issue_date,
        user=programme_team_user,
    )
    body, _ = visit(client)
    assert "Betalen met iDEAL" not in body and "Pay with iDEAL" not in body


def test_evaluation_appears_when_invited_and_goes_when_closed(client, user, run, time_machine):
    services.enrol(user, run)
    last = run.sessions.order_by("-ends_at").first()
    time_machine.move_to(last.ends_at + dt.timedelta(hours=1))
    client.force_login(user)
    url = reverse("enrolment:evaluation", args=[user.enrolments.get().pk])
    body, _ = visit(client)
    assert url not in body
    invite_participants(run.pk)
    body, _ = visit(client)
    assert url in body
    body, again = visit(client)
    assert url in body and again == []
    time_machine.move_to(closes_at(run) + dt.timedelta(minutes=1))
    body, _ = visit(client)
    assert url not in body
