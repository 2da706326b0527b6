"""A module's lesson outline and each enrolment's progress through it.

Everything here costs a constant number of queries: one for the lessons of all the modules
asked about, one for the progress rows of all the enrolments asked about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page

from .models import LessonProgress, lesson_model

LESSON_FIELDS = (
    "title",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "section",
    "is_required",
    "is_teaser",
    "duration_minutes",
    "live",
)


def lessons_of(modules) -> dict[int, list]:
    """The live lessons of each of ``modules`` (pages with ``pk``, ``path``, ``depth``) in
    tree order, by module id; one query, the lessons' bodies not loaded."""
    modules = [m for m in modules if m is not None]
    by_module: dict[int, list] = {m.pk: [] for m in modules}
    if not modules:
        return by_module
    under = reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules))
    paths = {m.path: m.pk for m in modules}
    lessons = lesson_model().objects.live().filter(under).only(*LESSON_FIELDS).order_by("path")
    for lesson in lessons:
        by_module[paths[lesson.path[: -Page.steplen]]].append(lesson)
    return by_module


def progress_rows(enrolment_ids) -> dict[int, dict[int, LessonProgress]]:
    """The progress rows of ``enrolment_ids``: enrolment id → lesson id → row (one query)."""
    rows: dict[int, dict[int, LessonProgress]] = {}
    for row in LessonProgress.objects.filter(enrolment_id__in=list(enrolment_ids)):
        rows.setdefault(row.enrolment_id, {})[row.lesson_id] = row
    return rows


@dataclass
class Progress:
    """One enrolment's progress through its module's ``lessons`` (tree order)."""

    lessons: list
    rows: dict = field(default_factory=dict)

    @property
    def done_ids(self) -> set[int]:
        return {pk for pk, row in self.rows.items() if row.done_at is not None}

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.done_ids)

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def percent(self) -> int:
        """Share of the lessons done, 0–100 (0 for a module without lessons)."""
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def missing_required(self) -> list:
        """The required lessons not done yet, in order."""
        done = self.done_ids
        return [lesson for lesson in self.lessons if lesson.is_required and lesson.pk not in done]

    @property
    def resume(self):
        """Where to go on: the lesson opened last if it is not done, else the first lesson
        not done; ``None`` when every lesson is done."""
        done = self.done_ids
        opened = [
            (row.last_viewed_at, pk)
            for pk, row in self.rows.items()
            if row.last_viewed_at and pk not in done
        ]
        by_id = {lesson.pk: lesson for lesson in self.lessons}
        if opened:
            last = by_id.get(max(opened)[1])
            if last is not None:
                return last
        return next((lesson for lesson in self.lessons if lesson.pk not in done), None)


def progress_of(enrolments, modules) -> dict[int, Progress]:
    """Each of ``enrolments``' :class:`Progress` by enrolment id; ``modules`` are the module
    pages of their runs (with ``path`` and ``depth``; with several, each enrolment's ``run``
    must be loaded). Two queries whatever the numbers."""
    modules = list({m.pk: m for m in modules}.values())
    lessons = lessons_of(modules)
    rows = progress_rows(e.pk for e in enrolments)
    only = modules[0].pk if len(modules) == 1 else None  # one module: no run needed

    def module_id(enrolment):
        return only if only is not None else enrolment.run.module_id

    return {e.pk: Progress(lessons.get(module_id(e), []), rows.get(e.pk, {})) for e in enrolments}


@dataclass
class Outline:
    """What the module and lesson pages show: the lessons with ``readable`` and ``done`` set,
    grouped by section, the reader's :class:`Progress` (``None`` unless enrolled) and, on a
    lesson page, the ``previous`` and ``next`` lessons."""

    lessons: list
    progress: Progress | None
    previous: object = None
    next: object = None

    @property
    def sections(self) -> list[tuple[str, int, list]]:
        """``(section, number of its first lesson, lessons)`` per run of lessons with the
        same section, so the numbering goes on across sections."""
        groups: list[tuple[str, int, list]] = []
        for number, lesson in enumerate(self.lessons, start=1):
            if not groups or groups[-1][0] != lesson.section:
                groups.append((lesson.section, number, []))
            groups[-1][2].append(lesson)
        return groups


def module_outline(module, access, current=None) -> Outline:
    """The outline of ``module`` for a reader with ``access`` (``lms.learning.access``),
    optionally around the ``current`` lesson. Two queries."""
    lessons = lessons_of([module])[module.pk]
    progress = None
    if access.enrolment is not None:
        progress = Progress(
            lessons, progress_rows([access.enrolment.pk]).get(access.enrolment.pk, {})
        )
    done = progress.done_ids if progress else set()
    for lesson in lessons:
        lesson.readable = access.allowed or lesson.is_teaser
        lesson.done = lesson.pk in done
        lesson.current = current is not None and lesson.pk == current.pk
    outline = Outline(lessons, progress)
    if current is not None:
        ids = [lesson.pk for lesson in lessons]
        if current.pk in ids:
            at = ids.index(current.pk)
            outline.previous = lessons[at - 1] if at > 0 else None
            outline.next = lessons[at + 1] if at + 1 < len(lessons) else None
    return outline
