"""Issue 18's browser walk: an institution's editor adds a lesson to a module and submits it,
the programme team approves it; a visitor sees the outline and reads only the free lesson; a
participant starts from Mijn leeromgeving, reads the lessons, marks them done and sees the
progress there and on the module. axe checks every page of the site on the way."""

import re

import pytest

from tests import second_factor
from tests.conftest import PASSWORD
from tests.e2e.test_walkthrough import log_in, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _editor_adds_a_lesson(browser, module, make_user):
    from django.urls import reverse

    from courses.institutions import setup_institution
    from courses.models import LessonPage

    editors, _managers = setup_institution(module.get_parent().specific)
    editor = make_user(email="redacteur@tudelft.example", first_name="Rita")
    editor.groups.add(editors)
    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", editor.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    second_factor.pass_in_browser(browser, editor)
    page.goto(
        browser.base_url
        + reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", module.pk])
    )
    shoot(browser, "editor-new-lesson")
    page.fill("#id_title", "Lessen verankeren in je organisatie")
    page.keyboard.press("Tab")
    page.evaluate("document.querySelector('#id_slug').value = 'lessen-verankeren'")
    page.fill("#id_intro", "Hoe je lessen uit projecten vastlegt en deelt.")
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-submit]').click()")
    shoot(browser, "editor-lesson-submitted")
    lesson = LessonPage.objects.get(title="Lessen verankeren in je organisatie")
    assert not lesson.live and lesson.current_workflow_state.status == "in_progress"
    page.context.clear_cookies()
    return lesson


def _team_approves(browser, lesson, programme_team_user):
    from django.urls import reverse

    page = browser.page
    page.goto(browser.base_url + "/account/inloggen/")
    page.fill("#id_username", programme_team_user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    second_factor.pass_in_browser(browser, programme_team_user)
    task_state = lesson.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk])
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector('[name=csrfmiddlewaretoken]').value;
            const body = new URLSearchParams({csrfmiddlewaretoken: token, comment: 'Goed.'});
            return (await fetch(url, {method: 'POST', body})).status;
        }""",
        url,
    )
    assert status in (200, 302)
    lesson.refresh_from_db()
    assert lesson.live
    page.context.clear_cookies()


def test_editor_adds_a_lesson_visitor_reads_the_teaser_participant_learns(
    browser, programme, make_user, programme_team_user
):
    from courses.models import CourseModulePage, LessonPage
    from lms.enrolment.models import CourseRun, Enrolment

    module = CourseModulePage.objects.get(slug="leren-van-pilotprojecten")
    lesson = _editor_adds_a_lesson(browser, module, make_user)
    _team_approves(browser, lesson, programme_team_user)
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))
    assert len(lessons) == 4 and lessons[-1].pk == lesson.pk
    teaser, first_required = lessons[0], lessons[1]
    page = browser.page

    # A visitor: the outline with every title, the free lesson readable, the others not.
    browser.goto(module.url, name="module-visitor")
    outline = page.locator("#lessons-heading + p + ol, .lesson-outline").first.inner_text()
    assert teaser.title in outline
    page.get_by_role("link", name=teaser.title).click()
    browser.check("teaser")
    assert "Enrol in a run" in page.content() or "Schrijf je in" in page.content()
    page.goto(browser.base_url + first_required.url)
    page.wait_for_url(re.compile(r"/account/inloggen/"))

    # A participant of the run (checkout is walked in tests/billing and the walkthrough).
    person = make_user(email="lerende@example.org", first_name="Lea", last_name="Lerend")
    run = CourseRun.objects.get(code="TUD-PIL-01")
    Enrolment.objects.create(run=run, user=person, state="confirmed", price=run.price)
    log_in(browser, person.email, name="participant-login")
    browser.check("dashboard-before")
    page.get_by_role(
        "link", name=re.compile("Start the first lesson|Begin met de eerste les")
    ).click()
    for position, current in enumerate(lessons, start=1):
        page.wait_for_url(re.compile(re.escape(current.url) + "$"))
        browser.check(f"lesson-{position}")
        page.get_by_role("button", name=re.compile("Mark as done|Markeer als gedaan")).click()
        page.wait_for_load_state()
        if position < len(lessons):
            page.locator("a[rel=next]").click()
    browser.goto(module.url, name="module-participant")
    assert re.search(r"4 (of|van) 4", page.locator(".progress-line").first.inner_text())
    browser.goto("/mijn/", name="dashboard-after")
    assert re.search(r"4 (of|van) 4", page.locator(".enrolment-progress").inner_text())
    enrolment = Enrolment.objects.get(user=person)
    assert enrolment.lesson_progress.filter(done_at__isnull=False).count() == 4
