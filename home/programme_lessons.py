"""The programme's lessons: ``[[lessons]]`` of ``data/programme.toml`` as lesson pages under
their module, linked to their Kennisbank findings and pilot projects, and the module's
completion rule asking for them (when the module has no rule yet).

Called by :class:`home.programme.ProgrammeLoader` after the Kennisbank exists. A lesson whose
slug exists under its module is kept as it is, so an editor's changes survive a reload.
"""

from courses.models import CourseModulePage, FindingPage, LessonPage, PilotProjectPage
from lms.certificates.models import CompletionRule

from .programme_texts import rich_text


def load_lessons(items, log) -> int:
    """Create the lessons of ``items`` (dicts from the TOML file) that do not exist yet;
    returns how many objects were created. ``log`` receives a line per lesson."""
    created = 0
    modules = set()
    for item in items:
        module = CourseModulePage.objects.filter(slug=item["module"]).first()
        if module is None or LessonPage.objects.child_of(module).filter(slug=item["slug"]).exists():
            continue
        lesson = LessonPage(
            slug=item["slug"],
            title=item["title"],
            section=item.get("section", ""),
            intro=item.get("intro", ""),
            body=[("text", rich_text(item["body"]))],
            duration_minutes=item.get("duration_minutes"),
            is_teaser=item.get("teaser", False),
            is_required=item.get("required", True),
        )
        lesson.findings = list(FindingPage.objects.filter(slug__in=item.get("findings", [])))
        lesson.pilot_projects = list(
            PilotProjectPage.objects.filter(slug__in=item.get("pilot_projects", []))
        )
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
        modules.add(module.pk)
        created += 1
        log(f"created lesson {lesson.title}")
    for module_id in modules:
        _rule, made = CompletionRule.objects.get_or_create(
            module_id=module_id,
            defaults={"min_attendance_percent": 66, "requires_lessons": True},
        )
        created += int(made)
    return created
