"""Publishing by institution editors goes through the programme team: submit, approve, reject,
and the editor is mailed the outcome with the comment."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.institutions import setup_institution
from courses.models import CourseModulePage
from lms.accounts.models import PROGRAMME_TEAM_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(institution, make_user, programme_team_user):
    editors, _managers = setup_institution(institution)
    editor = make_user(email="redacteur@tudelft.example", first_name="Rita", language="en")
    editor.groups.add(editors)
    team = Group.objects.get(name=PROGRAMME_TEAM_GROUP)
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=team,
            page=institution,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return {"editor": editor, "team": programme_team_user}


def module_form(title="Nieuwe module", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "nieuwe-module",
            "summary": "Een nieuwe module.",
            "body": rich_text("<p>Inhoud.</p>"),
            "learning_outcomes": streamfield([]),
            "findings": [],
            "audience": "",
            "delivery_format": "classroom",
            "study_load_hours": "8",
            "pe_points": "4",
            "tags": "",
            "comments": inline_formset([]),
            **extra,
        }
    )


@pytest.fixture
def submitted(client, institution, people, django_capture_on_commit_callbacks):
    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursemodulepage", institution.pk])
    response = client.post(url, module_form(**{"action-submit": "Submit"}))
    assert response.status_code == 302, response.context["form"].errors
    page = CourseModulePage.objects.get(slug="nieuwe-module")
    assert not page.live
    state = page.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert state.requested_by == people["editor"]
    return page


def act(client, user, page, action, comment, capture):
    client.force_login(user)
    task_state = page.current_workflow_state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    with capture(execute=True):
        response = client.post(url, {"comment": comment})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    return page


def test_editor_cannot_publish_directly(client, institution, people):
    client.force_login(people["editor"])
    url = reverse("wagtailadmin_pages:add", args=["courses", "coursemodulepage", institution.pk])
    client.post(url, module_form(**{"action-publish": "Publish"}))
    page = CourseModulePage.objects.filter(slug="nieuwe-module").first()
    assert page is None or not page.live


def test_approval_publishes_and_mails_the_editor(
    client, submitted, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    page = act(
        client,
        people["team"],
        submitted,
        "approve",
        "Mooi werk.",
        django_capture_on_commit_callbacks,
    )
    assert page.live
    assert [m.to for m in mail.outbox] == [["redacteur@tudelft.example"]]
    message = mail.outbox[0]
    assert "Approved: Nieuwe module" in message.subject
    assert "Mooi werk." in message.body


def test_rejection_keeps_it_unpublished_and_mails_the_comment(
    client, submitted, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    page = act(
        client,
        people["team"],
        submitted,
        "reject",
        "Leerdoelen ontbreken.",
        django_capture_on_commit_callbacks,
    )
    assert not page.live
    assert page.current_workflow_state is None or page.current_workflow_state.status != (
        "in_progress"
    )
    assert len(mail.outbox) == 1
    assert "Changes requested" in mail.outbox[0].subject
    assert "Leerdoelen ontbreken." in mail.outbox[0].body


def test_editor_cannot_approve_own_submission(
    client, submitted, people, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    page = act(
        client,
        people["editor"],
        submitted,
        "approve",
        "Zelf goedgekeurd",
        django_capture_on_commit_callbacks,
    )
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"
    assert mail.outbox == []
