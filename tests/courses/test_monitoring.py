"""Pilot-project monitoring: dated entries written by the Kennisbank group in the page editor;
the public page shows only the entries marked public, newest first."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.models import MonitoringEntry, PilotProjectPage


def add_entry(project, when, public, progress):
    project.monitoring_entries.add(
        MonitoringEntry(
            date=when,
            phase="realisation",
            progress=progress,
            lessons="Vroeg praten over de onrendabele top.",
            reported_by="TU Delft, dr. Visser",
            is_public=public,
        )
    )
    project.save_revision().publish()


def test_public_page_shows_only_public_entries_newest_first(client, make_project):
    project = make_project()
    add_entry(project, dt.date(2026, 3, 1), True, "Eerste fase afgerond")
    add_entry(project, dt.date(2026, 9, 1), True, "Tweede fase begonnen")
    add_entry(project, dt.date(2026, 10, 1), False, "Vertrouwelijk: subsidie loopt vertraging op")
    body = client.get(project.url).content.decode()
    assert "Eerste fase afgerond" in body and "Tweede fase begonnen" in body
    assert "Vertrouwelijk" not in body
    assert body.index("Tweede fase") < body.index("Eerste fase")
    assert "TU Delft, dr. Visser" in body


@pytest.fixture
def knowledge_editor(make_user, kennisbank):
    group, _ = Group.objects.get_or_create(name="Kennisbank")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=kennisbank,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    editor = make_user(is_staff=True)
    editor.groups.add(group)
    return editor


def test_kennisbank_editor_adds_an_entry_in_the_page_editor(client, make_project, knowledge_editor):
    project = make_project()
    client.force_login(knowledge_editor)
    edit_url = f"/beheer/pages/{project.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    data = nested_form_data(
        {
            "title": project.title,
            "slug": project.slug,
            "summary": project.summary,
            "body": rich_text("<p>Beschrijving</p>"),
            "municipality": project.municipality,
            "province": project.province,
            "location": "",
            "latitude": "52.15340",
            "longitude": "5.37380",
            "phase": project.phase,
            "start_year": "2019",
            "partners": project.partners,
            "monitoring_status": "active",
            "monitoring_entries": inline_formset(
                [
                    {
                        "date": "2026-11-20",
                        "phase": "realisation",
                        "progress": "Doelen half gehaald",
                        "lessons": "",
                        "reported_by": "Onderzoeker",
                        "is_public": "on",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    project = PilotProjectPage.objects.get(pk=project.pk)
    [entry] = project.monitoring_entries.all()
    assert (entry.date, entry.progress, entry.is_public) == (
        dt.date(2026, 11, 20),
        "Doelen half gehaald",
        True,
    )
    assert "Doelen half gehaald" in client.get(project.url).content.decode()


def test_entry_without_date_is_refused(client, make_project, knowledge_editor):
    project = make_project()
    client.force_login(knowledge_editor)
    data = nested_form_data(
        {
            "title": project.title,
            "slug": project.slug,
            "summary": project.summary,
            "body": rich_text(""),
            "municipality": project.municipality,
            "province": project.province,
            "phase": project.phase,
            "monitoring_status": "active",
            "monitoring_entries": inline_formset(
                [{"date": "", "phase": "realisation", "progress": "x", "reported_by": "y"}]
            ),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/beheer/pages/{project.pk}/edit/", data)
    assert response.status_code == 200
    assert not MonitoringEntry.objects.exists()
