"""Issue 18 items 5 and 6: lessons marked done, the progress bar and "continue where you left
off" on the module and on Mijn leeromgeving, the staff view with its CSV, and the completion
rule "all required lessons done"."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from lms.learning import services
from lms.learning.exceptions import LearningError
from lms.learning.models import LessonProgress

pytestmark = pytest.mark.django_db


def logged_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_marking_a_lesson_done_and_not_done_is_logged_and_idempotent(participant, lessons):
    from wagtail.models import ModelLogEntry

    lesson = lessons[1]
    client = logged_in(participant.user)

    client.post(lesson.url + "gedaan/", {"done": "1"})
    client.post(lesson.url + "gedaan/", {"done": "1"})

    progress = LessonProgress.objects.get(enrolment=participant, lesson=lesson)
    assert progress.done_at is not None
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(participant.pk)).values_list("action", flat=True)
    )
    assert actions.count("learning.lesson_done") == 1

    client.post(lesson.url + "gedaan/", {"done": "0"})
    progress.refresh_from_db()
    assert progress.done_at is None
    assert ModelLogEntry.objects.filter(action="learning.lesson_not_done").count() == 1


def test_a_lesson_of_another_module_is_refused_and_nothing_changes(
    participant, lessons, make_module, make_lesson
):
    elsewhere = make_lesson(make_module("Andere module"), "Elders")

    with pytest.raises(LearningError, match="not part of the module"):
        services.mark_done(participant, elsewhere)
    assert not LessonProgress.objects.exists()


def test_a_cancelled_enrolment_cannot_change_progress(participant, lessons):
    participant.state = "cancelled"
    participant.save()

    with pytest.raises(LearningError, match="no longer"):
        services.mark_done(participant, lessons[0])


def test_the_module_page_shows_progress_and_where_to_continue(participant, lessons, module):
    client = logged_in(participant.user)
    page = client.get(module.url).content.decode()
    assert "0 van 3 lessen gedaan" in page
    assert "Begin met de eerste les" in page

    client.get(lessons[1].url)  # opened, not done: that is where to go on
    services.mark_done(participant, lessons[0])
    page = client.get(module.url).content.decode()

    assert "1 van 3 lessen gedaan" in page
    assert f'href="{lessons[1].url}">Ga verder waar je gebleven was' in page


def test_a_visitor_sees_the_outline_with_only_the_teaser_linked(client, lessons, module):
    page = client.get(module.url).content.decode()

    assert all(lesson.title in page for lesson in lessons)
    assert f'href="{lessons[0].url}"' in page
    assert f'href="{lessons[1].url}"' not in page and "lessen gedaan" not in page


def test_the_lesson_page_walks_the_path(participant, lessons):
    page = logged_in(participant.user).get(lessons[1].url).content.decode()

    assert f'href="{lessons[0].url}" rel="prev"' in page
    assert f'href="{lessons[2].url}" rel="next"' in page
    assert "Markeer als gedaan" in page


def test_mijn_leeromgeving_shows_progress_and_follows_each_change(participant, lessons):
    client = logged_in(participant.user)
    assert "0 van 3 lessen gedaan" in client.get(reverse("portal:dashboard")).content.decode()

    client.post(lessons[0].url + "gedaan/", {"done": "1"})
    page = client.get(reverse("portal:dashboard")).content.decode()

    assert "1 van 3 lessen gedaan" in page
    assert f'href="{lessons[1].url}">Ga verder waar je gebleven was' in page


def test_staff_see_every_participants_progress_and_export_it(
    participant, lessons, run, institution_staff, make_user
):
    from lms.enrolment.models import Enrolment

    other = Enrolment.objects.create(
        run=run, user=make_user(email="tweede@example.org"), state="confirmed", price=run.price
    )
    services.mark_done(participant, lessons[0])
    services.mark_done(participant, lessons[1])
    _editor, manager = institution_staff
    client = logged_in(manager)

    page = client.get(reverse("learning_run_progress", args=[run.pk])).content.decode()
    assert "anneke@example.org" in page and "tweede@example.org" in page
    assert "2 / 3" in page

    response = client.get(reverse("learning_run_progress_csv", args=[run.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["anneke@example.org"][3:5] == ["2", "3"]
    assert by_email[other.user.email][5] == "Inleiding; Businesscase"


def test_someone_elses_run_progress_is_not_found(participant, lessons, run, make_user):
    outsider = make_user(email="outsider@example.org")

    response = logged_in(outsider).get(reverse("learning_run_progress_csv", args=[run.pk]))

    assert response.status_code in (302, 403, 404)
    assert b"anneke" not in response.content


def test_the_completion_rule_asks_for_the_required_lessons(participant, lessons, run, module):
    from lms.certificates.models import CompletionRule
    from lms.certificates.rules import evaluate_run

    CompletionRule.objects.create(module=module, min_attendance_percent=0, requires_lessons=True)
    [verdict] = evaluate_run(run)
    assert verdict.unmet == ["Required lessons not done: Inleiding, Businesscase."]

    services.mark_done(participant, lessons[0])
    services.mark_done(participant, lessons[1])  # the optional third one is not needed

    [verdict] = evaluate_run(run)
    assert verdict.meets_rules


def test_the_rule_costs_a_constant_number_of_queries(
    participant, lessons, run, module, make_user, django_assert_max_num_queries
):
    from lms.certificates.models import CompletionRule
    from lms.certificates.rules import evaluate_run
    from lms.enrolment.models import Enrolment

    CompletionRule.objects.create(module=module, min_attendance_percent=0, requires_lessons=True)
    for n in range(8):
        Enrolment.objects.create(
            run=run, user=make_user(email=f"p{n}@example.org"), state="confirmed", price=run.price
        )
    with django_assert_max_num_queries(9):
        assert len(evaluate_run(run)) == 9


def test_my_data_holds_the_lesson_progress(participant, lessons):
    from lms.accounts.personal_data import collect

    services.mark_done(participant, lessons[0])

    [row] = collect(participant.user)["sections"]["lesson_progress"]
    assert row["lesson__title"] == "Inleiding" and row["done_at"]


def test_the_completion_page_says_which_lessons_each_participant_still_misses(
    participant, lessons, run, module, institution_staff
):
    from lms.certificates.models import CompletionRule

    CompletionRule.objects.create(module=module, min_attendance_percent=0, requires_lessons=True)
    services.mark_done(participant, lessons[0])
    _editor, manager = institution_staff

    page = logged_in(manager).get(reverse("certificates_run_completion", args=[run.pk]))

    assert "Verplichte lessen niet gedaan: Businesscase." in page.content.decode()
