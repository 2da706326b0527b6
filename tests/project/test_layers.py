"""Issue 16: the allowed dependency directions between the apps, and no import circles.

The module graph (every import at every depth, ``import_module`` and dotted-path strings,
``apps.get_model`` calls, file paths into an app's folder) is read by ``module_graph.py``;
docs/architecture.md explains the layers. Model labels in strings (``"courses.CourseModulePage"``
in a foreign key, ``"home.HomePage"`` in ``parent_page_types``) are lazy references through
Django's app registry, not edges, in every direction.

The rules, app by app (``A ──► B``: modules of A may use modules of B, and whatever B may use):

    home ──► courses ──► every lms app         the CMS sits on the domain; never the reverse
    lms.api, lms.portal, lms.reports ──► every lms app below them (not each other)
    lms.bookings, lms.calls ──► lms.certificates, lms.billing, lms.enrolment
    lms.certificates ──► lms.learning, lms.enrolment
    lms.billing ──► lms.enrolment
    lms.learning, lms.events ──► lms.enrolment
    lms.enrolment ──► lms.accounts

Inside one app any module may use any other, as long as there is no circle. The wiring
(``lms/__init__.py``, ``lms/settings/``, ``lms/urls.py``, ``lms/wsgi.py``) is exempt in both
directions. An app that is not in ``DIRECT`` fails the test until it is given a place.

KNOWN_DEBT lists the violations the code has today, to be removed by the work of issue 16; the
test fails on any violation not listed and on any listed one that no longer occurs, so the
list can only shrink.
"""

import pytest

from tests.project.module_graph import CODE_KINDS, Edge, ModuleGraph, circles

LMS_BELOW_TOP = (
    "lms.bookings",
    "lms.calls",
    "lms.certificates",
    "lms.billing",
    "lms.learning",
    "lms.events",
    "lms.enrolment",
    "lms.accounts",
)
#: app → the apps its modules may use directly; the closure adds what those may use.
DIRECT: dict[str, tuple[str, ...]] = {
    "home": ("courses", "lms.api", "lms.portal", "lms.reports", *LMS_BELOW_TOP),
    "courses": ("lms.api", "lms.portal", "lms.reports", *LMS_BELOW_TOP),
    "lms.api": LMS_BELOW_TOP,
    "lms.portal": LMS_BELOW_TOP,
    "lms.reports": LMS_BELOW_TOP,
    "lms.bookings": ("lms.certificates", "lms.billing", "lms.enrolment"),
    "lms.calls": ("lms.certificates", "lms.billing", "lms.enrolment"),
    "lms.certificates": ("lms.learning", "lms.enrolment"),
    "lms.billing": ("lms.enrolment",),
    "lms.learning": ("lms.enrolment",),
    "lms.events": ("lms.enrolment",),
    "lms.enrolment": ("lms.accounts",),
    "lms.accounts": (),
}
WIRING_PREFIXES = ("lms.settings", "lms.urls", "lms.wsgi")

#: Today's violations (source module, target module) and circles; fixing one means removing
#: its entry here. Each says how it is reached.
KNOWN_ARROWS: dict[tuple[str, str], str] = {}
KNOWN_CIRCLES: list[list[str]] = []


def app_of(module: str) -> str | None:
    """The app a module belongs to (``lms.enrolment``, ``courses``); None for the wiring."""
    parts = module.split(".")
    if parts[0] != "lms":
        return parts[0]
    if len(parts) == 1 or module.startswith(WIRING_PREFIXES):
        return None
    return f"lms.{parts[1]}"


def allowed_targets(app: str) -> set[str]:
    """Every app ``app`` may use: its direct targets and, transitively, theirs."""
    seen: set[str] = set()
    todo = list(DIRECT[app])
    while todo:
        target = todo.pop()
        if target not in seen:
            seen.add(target)
            todo.extend(DIRECT.get(target, ()))
    return seen


def rule_text(app: str) -> str:
    targets = ", ".join(sorted(allowed_targets(app))) or "no other app"
    return f"{app} may use only {targets} (docs/architecture.md, dependency directions)"


def forbidden(edge: Edge) -> bool:
    source, target = app_of(edge.source), app_of(edge.target)
    if source is None or target is None or source == target:
        return False
    return target not in allowed_targets(source)


@pytest.fixture(scope="module")
def graph() -> ModuleGraph:
    return ModuleGraph()


def test_every_app_has_a_layer(graph):
    apps = {app_of(module) for module in graph.modules} - {None}

    assert apps - DIRECT.keys() == set(), "give the new app a place in test_layers.DIRECT"


def test_no_forbidden_arrow(graph):
    found: dict[tuple[str, str], list[Edge]] = {}
    for edge in graph.edges:
        if forbidden(edge):
            found.setdefault((edge.source, edge.target), []).append(edge)

    new = [
        f"{e.where}: {e.source} → {e.target} ({e.kind}) is forbidden: {rule_text(app_of(e.source))}"
        for key, edges in sorted(found.items())
        if key not in KNOWN_ARROWS
        for e in edges
    ]
    gone = [f"{s} → {t}" for s, t in KNOWN_ARROWS if (s, t) not in found]
    assert not new, "forbidden dependencies:\n" + "\n".join(new)
    assert not gone, "fixed, now remove from KNOWN_ARROWS:\n" + "\n".join(gone)


def test_known_arrows_are_reached_the_way_listed(graph):
    kinds: dict[tuple[str, str], set[str]] = {}
    for edge in graph.edges:
        if forbidden(edge):
            kinds.setdefault((edge.source, edge.target), set()).add(edge.kind)

    wrong = {
        key: sorted(kinds[key])
        for key, kind in KNOWN_ARROWS.items()
        if kind not in kinds.get(key, {kind})
    }
    assert not wrong, f"listed debt reached another way now (update its note): {wrong}"


def test_no_import_circle(graph):
    edges = [e for e in graph.edges if app_of(e.source) and app_of(e.target)]
    found = circles(edges)

    new = [circle for circle in found if circle not in KNOWN_CIRCLES]
    gone = [circle for circle in KNOWN_CIRCLES if circle not in found]
    rule = "no import circle between modules; move the shared piece down (docs/architecture.md)"
    assert not new, f"{rule}:\n" + "\n".join(describe(c, edges) for c in new)
    assert not gone, "broken, now remove from KNOWN_CIRCLES:\n" + "\n".join(map(str, gone))


def describe(circle: list[str], edges: list[Edge]) -> str:
    """A circle with the lines that close it: ``a → b (file:line)`` for each edge inside it."""
    members = set(circle)
    inside = sorted(
        {
            f"{e.source} → {e.target} ({e.where})"
            for e in edges
            if e.kind in CODE_KINDS and {e.source, e.target} <= members
        }
    )
    return " ⟲ ".join(circle) + "\n    " + "\n    ".join(inside)
