"""The project's module graph, read from the source with ``ast`` (nothing is imported).

Used by ``test_layers.py``. A module is every ``.py`` file under ``lms/``, ``courses/`` and
``home/`` outside ``migrations/`` and ``tests/`` folders. An edge says "module A needs module
B" and is found in five ways, each with the file and line it comes from:

- ``import``: ``import x`` / ``from x import y`` at any depth of the file (module level, inside
  functions and methods, inside ``if TYPE_CHECKING:``), relative imports resolved;
  ``from pkg import name`` points at ``pkg.name`` when that is a module, else at ``pkg``;
- ``import_module``: ``import_module("lms.x.y")`` with a literal argument;
- ``dotted path``: any other string literal that names a project module, or a name defined at
  the top level of one (``"lms.billing.jobs"``, ``"lms.accounts.backends.EmailBackend"``);
- ``get_model``: ``apps.get_model("label", "Model")`` or ``get_model("label.Model")``; it
  points at the app's ``models`` module;
- ``path``: a file path into an app's folder, as a string literal (``"lms/certificates/fonts/"``)
  or as a ``/`` chain of literals on ``Path(__file__)``, ``.parent``, ``.parents[n]``,
  ``BASE_DIR`` or ``settings.BASE_DIR``; it points at the app's package.

Model labels (``"courses.CourseModulePage"`` in a foreign key, ``"home.HomePage"`` in Wagtail's
``parent_page_types``) are not edges: Django resolves them lazily through the app registry, so
they load no code and make no circle. Docstrings are not read.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("lms", "courses", "home")
SKIPPED_FOLDERS = {"migrations", "tests", "__pycache__"}
#: Edge kinds that load code; the circle check follows only these.
CODE_KINDS = frozenset({"import", "import_module", "dotted path"})
_DOTTED = re.compile(r"(?:lms|courses|home)(?:\.\w+)+")
_MODEL_LABEL = re.compile(r"(\w+)\.([A-Z]\w*)")


@dataclass(frozen=True)
class Edge:
    """``source`` needs ``target`` (both dotted module names), found at ``file:line``."""

    source: str
    target: str
    file: str
    line: int
    kind: str

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def module_name(path: Path) -> str:
    """``lms/enrolment/models.py`` → ``lms.enrolment.models``; a package's ``__init__`` → it."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    """Every project module by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not SKIPPED_FOLDERS.intersection(path.relative_to(ROOT).parts):
                found[module_name(path)] = path
    return found


def app_labels(modules: dict[str, Path]) -> dict[str, str]:
    """Django app label → package, read from each ``apps.py`` (``label``, else the last part)."""
    labels = {}
    for name, path in modules.items():
        if not name.endswith(".apps") and name != "apps":
            continue
        package = name.rsplit(".", 1)[0]
        values = {
            target.id: node.value.value
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        if values.get("name") == package:
            labels[values.get("label", package.rsplit(".", 1)[-1])] = package
    return labels


def top_level_names(path: Path) -> set[str]:
    """Names a module defines or imports at its top level."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def app_folder(path: Path) -> str | None:
    """The app package whose folder holds ``path`` (``lms.certificates``, ``courses``), if any."""
    try:
        parts = path.resolve().relative_to(ROOT).parts
    except ValueError:
        return None
    if parts[:1] == ("lms",) and len(parts) > 1 and (ROOT / "lms" / parts[1]).is_dir():
        return f"lms.{parts[1]}"
    if parts[:1] in (("courses",), ("home",)):
        return parts[0]
    return None


class _Reader(ast.NodeVisitor):
    """Collects the edges of one module (see the module docstring)."""

    def __init__(self, graph: "ModuleGraph", module: str):
        self.graph, self.module = graph, module
        self.path = graph.modules[module]
        self.file = str(self.path.relative_to(ROOT))
        self.edges: list[Edge] = []
        self.seen: set[int] = set()  # string constants already read as part of a call or path

    def add(self, target: str | None, node: ast.AST, kind: str) -> None:
        if target and target != self.module:
            self.edges.append(Edge(self.module, target, self.file, node.lineno, kind))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.add(self.graph.owner(alias.name), node, "import")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.module.split(".")
            if self.path.name != "__init__.py":
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        for alias in node.names:
            full = f"{prefix}.{alias.name}"
            self.add(
                self.graph.owner(full if full in self.graph.modules else prefix), node, "import"
            )

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            return  # a docstring or a bare string: prose, not a reference
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
        literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name == "import_module" and literals and isinstance(literals[0], str):
            self.add(self.graph.owner(literals[0]), node, "import_module")
            self.seen.add(id(node.args[0]))
        elif name == "get_model" and literals and isinstance(literals[0], str):
            label = literals[0].split(".")[0]
            self.add(self.graph.models_of(label), node, "get_model")
            self.seen.update(id(a) for a in node.args)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Div) and id(node) not in self.seen:
            target = self.path_chain(node)
            if target:
                self.add(target, node, "path")
        self.generic_visit(node)

    def path_chain(self, node: ast.AST) -> str | None:
        """The app folder a ``root / "a" / "b"`` chain of literals points into, if any."""
        pieces = []
        while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
                return None
            pieces.insert(0, node.right.value)
            self.seen.update((id(node), id(node.right)))
            node = node.left
        root = self.path_root(node)
        return app_folder(root.joinpath(*pieces)) if root else None

    def path_root(self, node: ast.AST) -> Path | None:
        """Evaluate ``Path(__file__)[.resolve()][.parent…|.parents[n]]`` or ``BASE_DIR``."""
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "resolve":
            return self.path_root(node.func.value)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Path" and node.args:
            return self.path_root(node.args[0])
        if isinstance(node, ast.Name) and node.id == "__file__":
            return self.path
        if isinstance(node, ast.Name | ast.Attribute) and ast.unparse(node).endswith("BASE_DIR"):
            return ROOT
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            inner = self.path_root(node.value)
            return inner.parent if inner else None
        if isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "parents":
            inner = self.path_root(node.value.value)
            index = node.slice.value if isinstance(node.slice, ast.Constant) else None
            return inner.parents[index] if inner and isinstance(index, int) else None
        return None

    def visit_Constant(self, node: ast.Constant) -> None:
        if not isinstance(node.value, str) or id(node) in self.seen:
            return
        text = node.value
        if _MODEL_LABEL.fullmatch(text) and text.split(".")[0] in self.graph.labels:
            return  # a model label: a lazy reference, not an edge
        if _DOTTED.fullmatch(text):
            self.add(self.graph.named_by(text), node, "dotted path")
        elif "/" in text:
            first, _, rest = text.partition("/")
            folder = ROOT / first / rest.split("/")[0] if first in PACKAGES else None
            if folder is not None and folder.exists():
                self.add(app_folder(folder), node, "path")


class ModuleGraph:
    """The project's modules and the edges between them."""

    def __init__(self):
        self.modules = project_modules()
        self.labels = app_labels(self.modules)
        self._names: dict[str, set[str]] = {}
        self.edges = [e for m in self.modules for e in self._read(m)]

    def _read(self, module: str) -> list[Edge]:
        reader = _Reader(self, module)
        reader.visit(ast.parse(self.modules[module].read_text()))
        return reader.edges

    def owner(self, dotted: str) -> str | None:
        """The longest project module that ``dotted`` starts with (None: not ours)."""
        parts = dotted.split(".")
        for end in range(len(parts), 0, -1):
            candidate = ".".join(parts[:end])
            if candidate in self.modules:
                return candidate
        return None

    def named_by(self, dotted: str) -> str | None:
        """The module a dotted string names: the module itself, or a module + one top-level
        name it defines; None for strings that only look dotted (signing salts, URL names)."""
        if dotted in self.modules:
            return dotted
        module, _, name = dotted.rpartition(".")
        if module in self.modules:
            if module not in self._names:
                self._names[module] = top_level_names(self.modules[module])
            if name in self._names[module]:
                return module
        return None

    def models_of(self, label: str) -> str | None:
        """The ``models`` module of the app with this label (or its package)."""
        package = self.labels.get(label)
        if package is None:
            return None
        return f"{package}.models" if f"{package}.models" in self.modules else package


def _is_ancestor(package: str, module: str) -> bool:
    return module.startswith(package + ".")


def circles(edges: list[Edge]) -> list[list[str]]:
    """Import circles: the strongly connected components (Tarjan) of more than one module,
    over the edges that load code. An edge to one of the module's own parent packages does
    not count (``from . import x`` inside a package reads its ``__init__``)."""
    graph: dict[str, set[str]] = {}
    for edge in edges:
        if edge.kind in CODE_KINDS and not _is_ancestor(edge.target, edge.source):
            graph.setdefault(edge.source, set()).add(edge.target)
            graph.setdefault(edge.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(found)
