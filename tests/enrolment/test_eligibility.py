"""One function for a run's public state (label and button rule per state), one for "may this
person enrol, and how?", used by the service and the pages (issue 24, Broken 3 and 4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.enrolment import services
from lms.enrolment.eligibility import STATE_RULES, RunState, eligibility, run_state
from lms.enrolment.models import CourseRun, Enrolment

FREE = Decimal("0.00")
NOW = timezone.now()


def _open(make_run, **kw):
    return make_run(price=kw.pop("price", FREE), **kw)


STATES = {
    "open": lambda mk, mu: _open(mk),
    "full": lambda mk, mu: _full(mk, mu),
    "waiting list while seats free": lambda mk, mu: _waiting(mk, mu),
    "not yet open": lambda mk, mu: _open(mk, enrolment_opens_at=NOW + dt.timedelta(days=2)),
    "window closed": lambda mk, mu: _open(mk, enrolment_closes_at=NOW - dt.timedelta(hours=1)),
    "status closed": lambda mk, mu: _open(mk, status=CourseRun.Status.CLOSED),
    "no seller profile": lambda mk, mu: _open(mk, price=Decimal("495.00")),
    "in progress": lambda mk, mu: _open(mk, starts=NOW - dt.timedelta(days=1)),
    "cancelled": lambda mk, mu: _open(mk, status=CourseRun.Status.CANCELLED),
}
#: case -> (state code, button, a person may take or wait for a place)
EXPECTED = {
    "open": (RunState.OPEN, "enrol", True),
    "full": (RunState.FULL, "waitlist", True),
    "waiting list while seats free": (RunState.FULL, "waitlist", True),
    "not yet open": (RunState.NOT_YET_OPEN, "", False),
    "window closed": (RunState.CLOSED, "", False),
    "status closed": (RunState.CLOSED, "", False),
    "no seller profile": (RunState.NOT_BOOKABLE, "notify", True),
    "in progress": (RunState.IN_PROGRESS, "", False),
    "cancelled": (RunState.CANCELLED, "", False),
}


def _full(make_run, make_user):
    run = _open(make_run, capacity=1)
    services.enrol(make_user(), run)
    return run


def _waiting(make_run, make_user):
    run = _full(make_run, make_user)
    services.enrol(make_user(), run)  # waitlisted
    CourseRun.objects.filter(pk=run.pk).update(capacity=5)
    run.refresh_from_db()
    return run


@pytest.mark.parametrize("case", list(STATES))
def test_run_state_table(case, make_run, make_user, user):
    run = STATES[case](make_run, make_user)
    code, button, allowed = EXPECTED[case]
    state = run_state(run)
    assert (state.code, state.button) == (code, button)
    assert state.label  # every state has one label
    if code not in (RunState.OPEN, RunState.FULL):
        assert state.reason
    answer = eligibility(user, run)
    assert answer.allowed is allowed
    assert answer.bookable is (allowed and code != RunState.NOT_BOOKABLE)


def test_every_state_has_one_label_and_one_button_rule():
    assert set(STATE_RULES) == {
        RunState.OPEN,
        RunState.FULL,
        RunState.NOT_YET_OPEN,
        RunState.CLOSED,
        RunState.NOT_BOOKABLE,
        RunState.IN_PROGRESS,
        RunState.CANCELLED,
    }
    assert all(button in ("enrol", "waitlist", "notify", "") for _, button in STATE_RULES.values())


def test_eligibility_says_how(make_run, make_user, user, make_seller, institution):
    run = _open(make_run, capacity=1, requires_approval=True)
    assert eligibility(user, run).state == Enrolment.State.PENDING
    services.enrol(make_user(), run)
    assert eligibility(user, run).waiting_list
    paid = make_run(price=Decimal("495.00"))
    assert eligibility(user, paid).checkout and eligibility(user, paid).sale_problem
    make_seller(institution)
    assert eligibility(user, paid).bookable
    assert not eligibility(make_user(verified=False), paid).allowed


def test_prerequisite_is_asked_everywhere(make_run, make_module, user):
    first = make_module(title="Basis")
    run = _open(make_run, prerequisite_module=first)
    answer = eligibility(user, run)
    assert not answer.allowed and "Basis" in answer.reason


def test_module_page_shows_no_enrol_button_for_a_closed_window(client, make_run, module):
    closed = _open(make_run, code="CLOSED-01", enrolment_closes_at=NOW - dt.timedelta(hours=1))
    _open(make_run, code="OPEN-01")
    html = client.get(module.url).content.decode()
    assert f'href="{reverse("enrolment:enrol", args=[closed.pk])}"' not in html
    assert "Inschrijving gesloten" in html or "Enrolment closed" in html


def test_checkout_of_a_full_paid_run_offers_the_waiting_list(
    client, make_run, make_user, user, make_seller, institution
):
    make_seller(institution)
    run = make_run(capacity=1)
    services.enrol(make_user(), run)
    client.force_login(user)
    page = client.get(reverse("billing:checkout", args=[run.pk]))
    assert page.context["problem"] is None and page.context["waiting_list"]
    response = client.post(
        reverse("billing:checkout", args=[run.pk]), {"payer": "participant", "accept_terms": "on"}
    )
    assert response.status_code == 302
    mine = Enrolment.objects.get(user=user)
    assert mine.state == Enrolment.State.WAITLISTED
    assert not mine.invoice_lines.exists()  # invoiced only when the place is confirmed


def test_checkout_repeats_the_prerequisite(
    client, make_run, make_module, user, make_seller, institution
):
    make_seller(institution)
    run = make_run(prerequisite_module=make_module(title="Basis"))
    client.force_login(user)
    page = client.get(reverse("billing:checkout", args=[run.pk]))
    assert "Basis" in page.context["problem"]
