"""Participant evaluations: the invitation job, one response per enrolment, the closing date,
the form page (own enrolment only, private) and the task in "Mijn leeromgeving"."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from lms.enrolment import jobs, services
from lms.enrolment.evaluations import closes_at, invite_participants, submit_evaluation
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import Enrolment, Evaluation
from lms.enrolment.tasks import KIND_HEADER

SCORES = {
    "content_score": 8,
    "trainer_score": 9,
    "organisation_score": 7,
    "applicability_score": 6,
    "would_recommend": 10,
}


@pytest.fixture
def ended(run, make_user, time_machine):
    """Three confirmed participants, one cancelled and one waitlisted person, and the clock
    one hour after the run's last session."""
    people = [services.enrol(make_user(), run) for _ in range(3)]
    cancelled = services.enrol(make_user(), run)
    services.cancel_enrolment(cancelled, user=cancelled.user)
    run.capacity = 3
    run.save()
    waiting = services.enrol(make_user(), run)
    assert waiting.state == Enrolment.State.WAITLISTED
    last = run.sessions.order_by("-ends_at").first()
    time_machine.move_to(last.ends_at + dt.timedelta(hours=1))
    return people


def invitations():
    return [m for m in mail.outbox if m.extra_headers.get(KIND_HEADER) == "evaluation"]


def test_nobody_is_invited_before_the_last_session(run, make_user):
    services.enrol(make_user(), run)
    assert jobs.invite_to_evaluations() == "0 evaluation invitations"
    assert not Evaluation.objects.exists()


def test_job_invites_each_participant_once(ended, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.invite_to_evaluations() == "3 evaluation invitations"
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.invite_to_evaluations() == "0 evaluation invitations"
    assert sorted(m.to[0] for m in invitations()) == sorted(e.user.email for e in ended)
    assert "/inschrijven/evaluatie/" in invitations()[0].body
    assert Evaluation.objects.filter(invited_at__isnull=False, submitted_at=None).count() == 3
    assert ModelLogEntry.objects.filter(action="enrolment.evaluation_invite").count() == 3


def test_no_invitation_after_the_evaluation_closed(ended, run, time_machine):
    time_machine.move_to(closes_at(run) + dt.timedelta(minutes=1))
    assert jobs.invite_to_evaluations() == "0 evaluation invitations"


def test_submit_then_change_keeps_one_response(ended):
    enrolment = ended[0]
    invite_participants(enrolment.run_id)
    submit_evaluation(enrolment.pk, enrolment.user, SCORES, "  Sterk programma. ")
    submit_evaluation(enrolment.pk, enrolment.user, {**SCORES, "trainer_score": 5})
    evaluation = Evaluation.objects.get(enrolment=enrolment)
    assert (evaluation.trainer_score, evaluation.comments) == (5, "")
    assert Evaluation.objects.filter(enrolment=enrolment).count() == 1
    entries = ModelLogEntry.objects.filter(action="enrolment.evaluation_submit")
    assert [e.data["from"] for e in entries.order_by("pk")] == ["", "submitted"]


def test_database_refuses_a_second_response(ended):
    Evaluation.objects.create(enrolment=ended[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.create(enrolment=ended[0])


def test_closed_evaluation_refuses_and_changes_nothing(ended, run, time_machine):
    enrolment = ended[0]
    submit_evaluation(enrolment.pk, enrolment.user, SCORES)
    time_machine.move_to(closes_at(run) + dt.timedelta(seconds=1))
    with pytest.raises(EnrolmentError, match="has closed"):
        submit_evaluation(enrolment.pk, enrolment.user, {**SCORES, "content_score": 1})
    assert Evaluation.objects.get(enrolment=enrolment).content_score == 8


def test_not_before_the_last_session(run, make_user):
    enrolment = services.enrol(make_user(), run)
    with pytest.raises(EnrolmentError, match="after its last session"):
        submit_evaluation(enrolment.pk, enrolment.user, SCORES)
    assert not Evaluation.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"content_score": 0}, {"trainer_score": 11}, {"would_recommend": -1}, {"content_score": "x"}],
)
def test_bad_scores_are_refused_and_change_nothing(ended, bad):
    with pytest.raises(EnrolmentError, match="whole number"):
        submit_evaluation(ended[0].pk, ended[0].user, {**SCORES, **bad})
    assert not Evaluation.objects.exists()


def test_only_the_participant_evaluates(ended, other_user):
    with pytest.raises(EnrolmentError, match="your own enrolment"):
        submit_evaluation(ended[0].pk, other_user, SCORES)
    assert not Evaluation.objects.exists()


def test_form_page_saves_and_is_private(client, ended):
    enrolment = ended[0]
    client.force_login(enrolment.user)
    url = f"/inschrijven/evaluatie/{enrolment.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    response = client.post(url, {**SCORES, "comments": "Nuttig"})
    assert response.status_code == 302
    saved = Evaluation.objects.get(enrolment=enrolment)
    assert (saved.would_recommend, saved.comments) == (10, "Nuttig")
    assert client.get(url).context["form"].initial["content_score"] == 8


def test_form_page_refuses_bad_input(client, ended):
    client.force_login(ended[0].user)
    response = client.post(
        f"/inschrijven/evaluatie/{ended[0].pk}/", {**SCORES, "trainer_score": 12}
    )
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_another_person_gets_404(client, ended, programme_team_user):
    client.force_login(ended[1].user)
    url = f"/inschrijven/evaluatie/{ended[0].pk}/"
    assert client.get(url).status_code == 404
    assert client.post(url, SCORES).status_code == 404
    client.force_login(programme_team_user)  # staff cannot answer for a participant either
    assert client.get(url).status_code == 404
    assert not Evaluation.objects.exists()


def test_task_in_my_learning_until_closing(client, ended, run, time_machine):
    invite_participants(run.pk)
    client.force_login(ended[0].user)
    body = client.get("/mijn/").content.decode()
    assert f"/inschrijven/evaluatie/{ended[0].pk}/" in body
    time_machine.move_to(closes_at(run) + dt.timedelta(minutes=1))
    assert f"/inschrijven/evaluatie/{ended[0].pk}/" not in client.get("/mijn/").content.decode()
