"""Issue 16: modules that read in one sitting. No module in ``lms/``, ``courses/`` or ``home/``
(``migrations/`` and ``tests/`` folders excluded) over 400 lines, no function or method over 60
lines (from its ``def`` line to its last line, docstring included, decorators not).

KNOWN_MODULES and KNOWN_FUNCTIONS hold today's offenders with their size when they were
listed: a listed one may shrink but not grow; a new offender fails, and so does a listed one
that is back under the limit (remove it from the list).
"""

import ast

import pytest

from tests.project.module_graph import ROOT, project_modules

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

KNOWN_MODULES: dict[str, int] = {}
KNOWN_FUNCTIONS: dict[str, int] = {}


def function_sizes(tree: ast.Module) -> dict[str, tuple[int, int]]:
    """``qualified name`` → (line, length) of every function and method in a module."""
    sizes: dict[str, tuple[int, int]] = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = prefix
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}."
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                sizes[name[:-1]] = (child.lineno, child.end_lineno - child.lineno + 1)
            walk(child, name)

    walk(tree, "")
    return sizes


def measure() -> tuple[dict[str, int], dict[str, tuple[str, int]]]:
    """Lines per module (relative path) and (file:line, length) per ``path:function``."""
    modules, functions = {}, {}
    for path in project_modules().values():
        text = path.read_text()
        relative = str(path.relative_to(ROOT))
        modules[relative] = len(text.splitlines())
        for name, (line, length) in function_sizes(ast.parse(text)).items():
            functions[f"{relative}:{name}"] = (f"{relative}:{line}", length)
    return modules, functions


def check(sizes: dict[str, int], known: dict[str, int], limit: int, where=None) -> list[str]:
    """The complaints: new offenders, listed ones that grew, listed ones now under the limit."""
    where = where or {}
    problems = []
    for name, size in sorted(sizes.items()):
        place = where.get(name, name)
        if size > limit and name not in known:
            problems.append(f"{place}: {size} lines, over the limit of {limit}; split it")
        elif name in known and size <= limit:
            problems.append(f"{place}: {size} lines, under {limit} now; remove it from the list")
        elif name in known and size > known[name]:
            problems.append(f"{place}: {size} lines, grew from {known[name]} (listed debt)")
    problems += [f"{name}: listed but gone; remove it" for name in known if name not in sizes]
    return problems


@pytest.fixture(scope="module")
def measured():
    return measure()


def test_no_module_over_400_lines(measured):
    modules, _ = measured

    problems = check(modules, KNOWN_MODULES, MAX_MODULE_LINES)
    assert not problems, "\n".join(problems)


def test_no_function_over_60_lines(measured):
    _, functions = measured
    sizes = {name: length for name, (_, length) in functions.items()}
    where = {name: f"{place} {name.rsplit(':', 1)[1]}" for name, (place, _) in functions.items()}

    problems = check(sizes, KNOWN_FUNCTIONS, MAX_FUNCTION_LINES, where)
    assert not problems, "\n".join(problems)
