"""Fixtures for the learning tests: a module with three lessons (the first a public teaser),
a lesson document, and people in every relation to the module."""

import pytest
from django.core.files.base import ContentFile


@pytest.fixture
def make_lesson():
    from courses.models import LessonPage

    def make(module, title, teaser=False, required=True, body=(), **kw):
        lesson = LessonPage(
            title=title,
            slug=kw.pop("slug", None) or title.lower().replace(" ", "-"),
            intro=kw.pop("intro", f"Over {title}."),
            is_teaser=teaser,
            is_required=required,
            body=list(body) or [("text", f"<p>De inhoud van {title}.</p>")],
            **kw,
        )
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
        return lesson

    return make


@pytest.fixture
def lesson_document(db):
    from wagtail.documents.models import Document

    document = Document(title="Reader les 2")
    document.file.save("reader-les-2.pdf", ContentFile(b"%PDF-1.4 reader"), save=False)
    document.save()
    return document


@pytest.fixture
def lessons(module, make_lesson, lesson_document):
    """Three lessons of ``module``: a teaser, a required one with ``lesson_document``, and an
    optional one."""
    return [
        make_lesson(module, "Inleiding", teaser=True),
        make_lesson(
            module,
            "Businesscase",
            body=[("document", {"document": lesson_document, "description": "De reader"})],
        ),
        make_lesson(module, "Verdieping", required=False),
    ]


@pytest.fixture
def participant(user, run):
    """``user``, confirmed in ``run`` of ``module``."""
    from lms.enrolment.models import Enrolment

    return Enrolment.objects.create(run=run, user=user, state="confirmed", price=run.price)


@pytest.fixture
def institution_staff(institution, make_user):
    """The institution's editor and manager (its own Wagtail groups)."""
    from courses.institutions import setup_institution

    editors, managers = setup_institution(institution)
    editor = make_user(email="editor@tudelft.example")
    editor.groups.add(editors)
    manager = make_user(email="manager@tudelft.example")
    manager.groups.add(managers)
    return editor, manager
