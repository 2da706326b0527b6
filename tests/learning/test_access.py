"""Issue 18 item 2: who reads a lesson and downloads its documents, over every relation a
person can have to the module — fetched directly by URL, as anyone could."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

#: role → may read the lessons (and their documents)
ROLES = {
    "visitor": False,
    "outsider": False,
    "confirmed": True,
    "not_passed": True,
    "completed_recently": True,
    "completed_long_ago": False,
    "waitlisted": False,
    "pending": False,
    "cancelled": False,
    "editor": True,
    "manager": True,
    "other_institution_editor": False,
    "programme_team": True,
}


@pytest.fixture
def people(
    make_user, run, institution_staff, make_institution, programme_team_user, lessons, module
):
    from courses.institutions import setup_institution
    from lms.enrolment.models import Enrolment

    editor, manager = institution_staff
    other_editors, _managers = setup_institution(make_institution("Platform31", "P31"))
    other = make_user(email="editor@platform31.example")
    other.groups.add(other_editors)
    people = {
        "visitor": None,
        "outsider": make_user(email="outsider@example.org"),
        "editor": editor,
        "manager": manager,
        "other_institution_editor": other,
        "programme_team": programme_team_user,
    }
    now = timezone.now()
    for state, completed in (
        ("confirmed", None),
        ("not_passed", None),
        ("waitlisted", None),
        ("pending", None),
        ("cancelled", None),
        ("completed_recently", now - dt.timedelta(days=30)),
        ("completed_long_ago", now - dt.timedelta(days=366)),
    ):
        person = make_user(email=f"{state}@example.org")
        Enrolment.objects.create(
            run=run,
            user=person,
            state=state.split("_")[0] if completed else state,
            price=run.price,
            completed_at=completed,
        )
        people[state] = person
    return people


def client_for(person) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_exactly_the_lessons_it_may(role, people, lessons):
    client = client_for(people[role])
    teaser, members_only, _optional = lessons

    assert client.get(teaser.url).status_code == 200
    response = client.get(members_only.url)

    if ROLES[role]:
        assert response.status_code == 200
        assert "De reader" in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"
    elif role == "visitor":
        assert response.status_code == 302 and "/account/" in response["Location"]
    else:
        assert response.status_code == 403
        assert "De inhoud van Businesscase" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_downloads_exactly_the_lesson_documents_it_may(
    role, people, lessons, lesson_document
):
    response = client_for(people[role]).get(lesson_document.url)

    if ROLES[role]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    elif role == "visitor":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ["visitor", "outsider"])
def test_the_done_button_is_refused_without_a_learning_enrolment(role, people, lessons):
    response = client_for(people[role]).post(lessons[1].url + "gedaan/", {"done": "1"})

    assert response.status_code in (302, 403)
    from lms.learning.models import LessonProgress

    assert not LessonProgress.objects.exists()


def test_a_document_also_used_on_a_public_page_stays_public(lessons, lesson_document, make_lesson):
    make_lesson(
        lessons[0].get_parent().specific,
        "Open les",
        teaser=True,
        body=[("document", {"document": lesson_document, "description": ""})],
    )

    assert Client().get(lesson_document.url).status_code == 200


def test_a_document_no_lesson_uses_is_served_as_before(db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document(title="Folder")
    document.file.save("folder.pdf", ContentFile(b"%PDF-1.4 folder"), save=False)
    document.save()

    assert Client().get(document.url).status_code == 200


def test_lessons_stay_out_of_the_sitemap_search_and_page_cache(client, lessons, module):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert module.slug in sitemap
    assert all(lesson.slug not in sitemap for lesson in lessons)

    from home.search import site_search

    found = [page.pk for group in site_search("Businesscase") for page in group["results"]]
    assert lessons[1].pk not in found

    first = client.get(lessons[0].url)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert "X-Page-Cache" not in client.get(lessons[0].url)


def test_logged_in_reader_without_access_is_pointed_to_the_runs(people, lessons):
    response = client_for(people["outsider"]).get(lessons[1].url)

    assert response.status_code == 403
    assert "#runs" in response.content.decode()


def test_a_page_using_the_document_makes_it_public_once_it_is_live(
    lessons, lesson_document, home_page
):
    from home.models import StandardPage

    page = StandardPage(
        title="Achtergrond",
        slug="achtergrond",
        intro="",
        body=f'<p><a linktype="document" id="{lesson_document.pk}">reader</a></p>',
        live=False,
    )
    home_page.add_child(instance=page)
    assert Client().get(lesson_document.url).status_code == 302

    page.save_revision().publish()
    assert Client().get(lesson_document.url).status_code == 200


def test_the_refusal_page_tells_nothing_of_the_lesson_but_its_title(people, lessons):
    lessons[1].intro = "Geheime samenvatting van de les."
    lessons[1].save_revision().publish()

    page = client_for(people["outsider"]).get(lessons[1].url).content.decode()

    assert "Businesscase" in page and "Geheime samenvatting" not in page
