"""Issue 16: a run's seats and status change only through their services, also from the run's
admin form; runs are created by ``runs.create_run``; a claimed place sets up the account
through accounts' services. Each change leaves its action-log entry."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from lms.accounts.models import Organisation, OrganisationDomain, OrganisationMembership
from lms.enrolment import batches, runs, services
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment
from tests.enrolment.test_admin import run_form


def actions(instance) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(instance).order_by("pk").values_list("action", flat=True)
    )


def edit(client, run, **changes):
    url = reverse("wagtailsnippets_enrolment_courserun:edit", args=[run.pk])
    return client.post(url, run_form(run, **changes))


def test_lowering_seats_below_confirmed_places_is_a_form_error(
    client, programme_team_user, make_run, make_user
):
    run = make_run(capacity=3)
    for _ in range(2):
        services.enrol(make_user(), run)
    client.force_login(programme_team_user)

    response = edit(client, run, capacity=1)

    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors
    run.refresh_from_db()
    assert run.capacity == 3 and "enrolment.run_capacity" not in actions(run)


def test_seats_changed_in_the_admin_go_through_the_service_and_are_logged(
    client, programme_team_user, make_run, make_user
):
    run = make_run(capacity=1)
    services.enrol(make_user(), run)
    waiting = services.enrol(make_user(), run)
    assert waiting.state == Enrolment.State.WAITLISTED
    client.force_login(programme_team_user)

    assert edit(client, run, capacity=2).status_code == 302

    run.refresh_from_db()
    assert run.capacity == 2
    entry = ModelLogEntry.objects.for_instance(run).get(action="enrolment.run_capacity")
    assert (entry.data["from"], entry.data["to"]) == (1, 2)
    assert entry.user_id == programme_team_user.pk
    assert run.offers.filter(enrolment=waiting).exists()  # the new seat went to the list


def test_cancelling_in_the_admin_is_the_no_go_decision(client, programme_team_user, make_run, user):
    run = make_run()
    enrolment = services.enrol(user, run)
    client.force_login(programme_team_user)

    assert edit(client, run, status=CourseRun.Status.CANCELLED).status_code == 302

    run.refresh_from_db()
    enrolment.refresh_from_db()
    assert run.status == CourseRun.Status.CANCELLED
    assert enrolment.state == Enrolment.State.CANCELLED  # the places ended, not left live
    assert "enrolment.run_cancel" in actions(run)


def test_other_status_changes_are_logged_and_a_cancelled_run_stays_cancelled(
    client, programme_team_user, make_run
):
    run = make_run()
    client.force_login(programme_team_user)

    assert edit(client, run, status=CourseRun.Status.CLOSED).status_code == 302
    entry = ModelLogEntry.objects.for_instance(run).get(action="enrolment.run_status")
    assert (entry.data["from"], entry.data["to"]) == ("published", "closed")

    runs.change_status(run, CourseRun.Status.CANCELLED, user=programme_team_user)
    run.refresh_from_db()
    refused = edit(client, run, status=CourseRun.Status.PUBLISHED)
    assert refused.status_code == 200
    assert "status" in refused.context["form"].errors
    run.refresh_from_db()
    assert run.status == CourseRun.Status.CANCELLED


def test_create_run_checks_and_logs(make_module, programme_team_user, make_user):
    module = make_module()
    start = timezone.now() + dt.timedelta(days=30)
    sessions = [(start, start + dt.timedelta(hours=3))]
    with pytest.raises(EnrolmentError):
        runs.create_run(user=make_user(), module=module, code="X-1", sessions=sessions, capacity=5)
    with pytest.raises(EnrolmentError):
        runs.create_run(
            user=programme_team_user, module=module, code="X-1", sessions=[], capacity=5
        )

    run = runs.create_run(
        user=programme_team_user,
        module=module,
        code="X-1",
        sessions=sessions,
        capacity=5,
        price=Decimal("10.00"),
    )

    assert [s.title for s in run.sessions.all()] in (["Dag 1"], ["Day 1"])
    assert actions(run) == ["enrolment.run_create"]
    with pytest.raises(EnrolmentError, match="already exists|bestaat al"):
        runs.create_run(
            user=programme_team_user, module=module, code="X-1", sessions=sessions, capacity=5
        )


def test_the_system_creates_runs_with_titled_sessions_and_the_same_checks(make_module):
    """The content loader creates runs as the system (no user): the same checks, its own
    session titles, an entry without a user."""
    module = make_module()
    start = timezone.now() + dt.timedelta(days=30)
    with pytest.raises(EnrolmentError):
        runs.create_run(user=None, module=module, code="S-1", sessions=[], capacity=5)
    with pytest.raises(EnrolmentError):  # nobody: not the system
        runs.create_run(user=None, module=module, code="S-1", sessions=[(start, start)], capacity=5)

    run = runs.create_run(
        user=None,
        system=True,
        module=module,
        code="S-1",
        sessions=[(start, start + dt.timedelta(hours=3), "Aftrap")],
        capacity=5,
        status=CourseRun.Status.PUBLISHED,
    )

    assert [s.title for s in run.sessions.all()] == ["Aftrap"]
    entry = ModelLogEntry.objects.for_instance(run).get()
    assert (entry.action, entry.user) == ("enrolment.run_create", None)
    with pytest.raises(EnrolmentError, match="already exists|bestaat al"):
        runs.create_run(
            user=None,
            system=True,
            module=module,
            code="S-1",
            sessions=[(start, start + dt.timedelta(hours=1))],
            capacity=5,
        )


def test_example_places_follow_the_seat_rule_log_and_send_no_mail(
    make_run, make_user, django_capture_on_commit_callbacks
):
    run = make_run(capacity=2)
    people = [make_user(), make_user()]
    with pytest.raises(EnrolmentError):
        runs.confirm_example_places(run, [*people, make_user()])
    assert not run.enrolments.exists()

    with django_capture_on_commit_callbacks(execute=True):
        placed = runs.confirm_example_places(run, people)

    assert [e.state for e in placed] == [Enrolment.State.CONFIRMED] * 2
    assert all(actions(e) == ["enrolment.confirm"] for e in placed)
    assert mail.outbox == []
    with pytest.raises(EnrolmentError):  # the run is full now
        runs.confirm_example_places(run, [make_user()])


def test_a_claimed_place_sets_up_the_account_through_the_account_services(
    client, make_run, make_user, django_capture_on_commit_callbacks
):
    org = Organisation.objects.create(name="Gemeente Utrecht")
    OrganisationDomain.objects.create(organisation=org, domain="utrecht.nl")
    contact = make_user(email="contact@utrecht.nl")
    OrganisationMembership.objects.create(
        user=contact, organisation=org, role="contact", status="approved"
    )
    run = make_run(price=Decimal("0.00"))
    with django_capture_on_commit_callbacks(execute=True):
        (enrolment,) = batches.enrol_batch(contact, org, run, ["new@utrecht.nl"])
    body = next(m for m in mail.outbox if m.to == ["new@utrecht.nl"]).body
    path = re.search(r"http://testserver(/inschrijven/plaats/\S+/)", body).group(1)

    response = client.post(
        path, {"first_name": "Nieuw", "last_name": "Collega", "password": "Lang-genoeg-123!"}
    )

    assert response.status_code == 302
    enrolment.refresh_from_db()
    person = enrolment.user
    assert enrolment.state == Enrolment.State.CONFIRMED
    assert (person.first_name, person.is_verified) == ("Nieuw", True)
    assert {"accounts.complete_account", "accounts.verify_email"} <= set(actions(person))
