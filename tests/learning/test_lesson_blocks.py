"""Issue 18 item 1: lessons in the page tree, video that tracks nobody before a click and
leaves nobody out (transcript, captions), and the Kennisbank links both ways."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.blocks import StructBlockValidationError

from courses.lesson_blocks import EmbeddedVideoBlock, SelfHostedVideoBlock, privacy_embed_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/123456789", "https://player.vimeo.com/video/123456789?dnt=1"),
        ("https://example.org/video.mp4", None),
        ("https://www.youtube.com/watch?v=kort", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_youtube_and_vimeo_become_privacy_friendly_players(url, embed):
    assert privacy_embed_url(url) == embed


def test_an_embed_without_transcript_or_from_elsewhere_is_refused():
    block = EmbeddedVideoBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                {"url": "https://vimeo.com/123456789", "title": "Film", "transcript": ""}
            )
        )
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {"url": "https://example.org/x", "title": "Film", "transcript": "Tekst"}
            )
        )


def _document(name):
    from wagtail.documents.models import Document

    document = Document(title=name)
    document.file.save(name, ContentFile(b"data"), save=False)
    document.save()
    return document


def test_an_uploaded_video_needs_webvtt_captions():
    block = SelfHostedVideoBlock()
    video, captions, wrong = _document("film.mp4"), _document("film.vtt"), _document("film.txt")

    assert block.clean({"video": video, "captions": captions, "title": "Film"})
    with pytest.raises(StructBlockValidationError):
        block.clean({"video": video, "captions": wrong, "title": "Film"})
    with pytest.raises(ValidationError):
        block.clean({"video": video, "captions": None, "title": "Film"})


def test_the_embed_is_a_placeholder_until_the_click(participant, module, make_lesson, client):
    lesson = make_lesson(
        module,
        "Met film",
        body=[
            (
                "embedded_video",
                {
                    "url": "https://vimeo.com/123456789",
                    "title": "Interview",
                    "transcript": "Wat er gezegd wordt.",
                },
            )
        ],
    )
    client.force_login(participant.user)
    page = client.get(lesson.url).content.decode()

    assert "<iframe" not in page
    assert 'data-video-embed="https://player.vimeo.com/video/123456789?dnt=1"' in page
    assert "Wat er gezegd wordt." in page


def test_lessons_sit_only_under_modules(lessons, module, institution):
    from courses.models import CourseModulePage, LessonPage

    assert LessonPage.can_create_at(module)
    assert not LessonPage.can_create_at(institution)
    assert LessonPage in CourseModulePage.allowed_subpage_models()


def test_a_finding_and_a_pilot_project_list_the_lessons_that_teach_them(
    module, make_lesson, make_finding, make_project, client
):
    project = make_project()
    finding = make_finding()
    lesson = make_lesson(module, "Uit de praktijk", teaser=True)
    lesson.findings = [finding]
    lesson.pilot_projects = [project]
    lesson.save_revision().publish()

    assert "Uit de praktijk" in client.get(finding.url).content.decode()
    assert "Uit de praktijk" in client.get(project.url).content.decode()
    page = client.get(lesson.url).content.decode()
    assert finding.title in page and project.title in page


def test_the_preview_shows_a_members_only_lesson_to_its_editor(lessons):
    response = lessons[1].make_preview_request()

    assert response.status_code == 200
    assert "De reader" in response.rendered_content
