"""Docstrings where people land: every public class, method and function of the admin wiring
(``wagtail_hooks.py``) says what it is for, and so does every public class and module-level
function of the admin views (``admin_views.py``)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("lms", "courses", "home")


def _files(name: str) -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob(name))


def _undocumented(path: Path, with_methods: bool) -> list[str]:
    """``file:line name`` for each public definition of ``path`` without a docstring (nested
    ``Meta`` classes excepted: they configure, they do nothing)."""
    missing = []

    def walk(node, prefix=""):
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            public = not child.name.startswith("_") and child.name != "Meta"
            if public and not ast.get_docstring(child):
                missing.append(f"{path.relative_to(ROOT)}:{child.lineno} {prefix}{child.name}")
            if isinstance(child, ast.ClassDef) and with_methods:
                walk(child, f"{prefix}{child.name}.")

    walk(ast.parse(path.read_text(encoding="utf-8")))
    return missing


def test_the_admin_wiring_is_documented():
    files = _files("wagtail_hooks.py")
    assert len(files) >= 7
    missing = [line for path in files for line in _undocumented(path, with_methods=True)]
    assert missing == [], "\n".join(missing)


def test_the_admin_views_are_documented():
    files = _files("admin_views.py")
    assert files
    missing = [line for path in files for line in _undocumented(path, with_methods=False)]
    assert missing == [], "\n".join(missing)
