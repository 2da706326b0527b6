"""load_programme builds the programme from the data file, and a second run changes nothing.

The first load is shared by the module's tests (``shared_programme``, loaded on 29 November
2026); the tests of a second load run that second load themselves."""

import datetime as dt
import zoneinfo
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import GroupPagePermission, ModelLogEntry, Page, Site

from courses.models import (
    CourseModulePage,
    InstitutionPage,
    LessonPage,
    TrainingFormatPage,
)
from home.models import HomePage, ProgrammeSettings
from lms.enrolment.models import CourseRun, Enrolment, Session

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_programme")]
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

INSTITUTIONS = {"TU Delft", "MCD", "Platform31", "Bestuursacademie", "VVG", "VPNG", "DSO", "NEPROM"}


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("path", "slug", "title", "live")),
        "runs": sorted(CourseRun.objects.values_list("code", "capacity", "price", "status")),
        "sessions": sorted(
            Session.objects.values_list("run__code", "title", "starts_at", "ends_at")
        ),
        "enrolments": sorted(Enrolment.objects.values_list("run__code", "user__email", "state")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "perms": GroupPagePermission.objects.count(),
    }


def load():
    call_command("load_programme", stdout=StringIO())


def test_builds_the_programme(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC))
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert "Intensiveringsprogramma" in home.body
    assert {p.title for p in InstitutionPage.objects.live()} == INSTITUTIONS
    assert InstitutionPage.objects.get(title="TU Delft").is_coordinator
    assert TrainingFormatPage.objects.live().count() == 5
    modules = CourseModulePage.objects.live()
    assert modules.count() >= 8
    for module in modules:
        assert module.tags.exists() and module.audience_levels.exists()
        assert module.study_load_hours and module.pe_points
        runs = CourseRun.objects.upcoming().filter(module=module)
        assert runs.exists(), module.title
        assert all(r.sessions.exists() and r.place and r.capacity for r in runs)
    assert len({m.get_parent().pk for m in modules}) == 8  # spread over every institution
    assert ProgrammeSettings.load().content_loaded_on == dt.date(2026, 11, 29)
    assert all(s.starts_at.astimezone(AMSTERDAM).weekday() < 5 for s in Session.objects.all())
    for name in ("Programmateam", "Kennisbank", "Coaches", "Stuurgroep"):
        assert Group.objects.filter(name=name).exists()
    team_codenames = set(
        Group.objects.get(name="Programmateam").permissions.values_list("codename", flat=True)
    )
    assert {"view_bookingrequest", "add_quote", "change_quote", "view_engagement"} <= team_codenames
    assert Group.objects.filter(name="TU Delft – redacteuren").exists()
    assert Group.objects.filter(name="TU Delft – beheerders").exists()
    assert not Page.objects.filter(slug="welkom-oud").exists()


def test_runs_and_example_places_come_from_the_services():
    """Issue 16: the loader creates runs with ``runs.create_run`` and seats the full run's
    example participants with ``runs.confirm_example_places``, so each leaves its entry."""
    run_entries = ModelLogEntry.objects.filter(action="enrolment.run_create")
    assert run_entries.count() == CourseRun.objects.count() == 15
    assert set(CourseRun.objects.values_list("status", flat=True)) == {"published"}
    full = CourseRun.objects.get(code="PLF-PAR-01")
    places = Enrolment.objects.filter(run=full)
    assert places.count() == full.capacity
    assert set(places.values_list("state", flat=True)) == {Enrolment.State.CONFIRMED}
    assert all(place.user.is_verified for place in places)
    confirmed = ModelLogEntry.objects.filter(action="enrolment.confirm")
    assert confirmed.count() == full.capacity
    assert Session.objects.count() == 39
    assert not Session.objects.filter(title__startswith="Dag ").exists()


def test_second_load_changes_nothing_and_dates_do_not_move(time_machine):
    before = snapshot()
    time_machine.move_to(dt.datetime(2027, 1, 15, 12, tzinfo=dt.UTC))
    load()
    assert snapshot() == before


def test_second_load_keeps_editors_changes():
    module = CourseModulePage.objects.first()
    module.title = "Aangepast door redactie"
    module.save_revision().publish()
    load()
    assert CourseModulePage.objects.filter(title="Aangepast door redactie").count() == 1


def test_pages_render(client):
    for page in Page.objects.live().specific().filter(depth__gte=2):
        response = client.get(page.url)
        members_only = isinstance(page, LessonPage) and not page.is_teaser
        assert response.status_code == (302 if members_only else 200), page.url


def test_the_online_module_has_lessons_from_the_kennisbank():
    module = CourseModulePage.objects.get(slug="leren-van-pilotprojecten")
    lessons = list(LessonPage.objects.live().child_of(module).order_by("path"))

    assert len(lessons) == 3 and [lesson.is_teaser for lesson in lessons] == [True, False, False]
    assert lessons[1].findings.get().slug == "onrendabele-top-vroeg-bespreekbaar"
    assert module.completion_rule.requires_lessons


def test_accessibility_statement_follows_the_model(client):
    """Status, how it was tested, known limitations, contact and date (digitoegankelijk.nl)."""
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    text = response.content.decode()
    for heading in ("Status", "Hoe we hebben getoetst", "Bekende beperkingen", "Contact", "Datum"):
        assert f"<h2>{heading}</h2>" in text
    assert "<b>voldoet gedeeltelijk</b>" in text
    assert "axe-core" in text and "toetsenbord" in text
    assert 'href="mailto:info@gebiedsschool.nl"' in text
    assert "opgesteld op 29 november 2026" in text
