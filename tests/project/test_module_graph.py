"""Issue 16: the module graph behind ``test_layers.py`` sees every way a module reaches
another, on a small made-up project (so each kind is proven even where the real code has none
today)."""

import textwrap

import pytest

from tests.project import module_graph

FILES = {
    "lms/__init__.py": "",
    "lms/alpha/__init__.py": "",
    "lms/alpha/apps.py": 'name = "lms.alpha"\nlabel = "alpha"\n',
    "lms/alpha/models.py": '''
        """Docstrings naming lms.beta.jobs are prose."""
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from courses.models import Page

        ref = "courses.Page"  # a model label: no edge


        def later():
            from ..beta import jobs

            return jobs
    ''',
    "lms/alpha/wiring.py": """
        from importlib import import_module
        from pathlib import Path

        from django.apps import apps

        JOBS = ("lms.beta.jobs",)
        FONTS = Path(__file__).resolve().parents[1] / "beta" / "fonts"
        RAW = "lms/beta/fonts/x.ttf"
        SALT = "lms.alpha.not_a_name"


        def load():
            import_module("lms.beta.jobs")
            return apps.get_model("courses", "Page")
    """,
    "lms/beta/__init__.py": "",
    "lms/beta/apps.py": 'name = "lms.beta"\nlabel = "beta"\n',
    "lms/beta/fonts/x.ttf": "",
    "lms/beta/jobs.py": "from lms.alpha.models import ref\n",
    "courses/__init__.py": "",
    "courses/apps.py": 'name = "courses"\n',
    "courses/models.py": "Page = object\n",
}


@pytest.fixture
def graph(tmp_path, monkeypatch):
    for name, text in FILES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    monkeypatch.setattr(module_graph, "ROOT", tmp_path)
    return module_graph.ModuleGraph()


def test_every_kind_of_reference_is_an_edge(graph):
    edges = {
        (e.source, e.target, e.kind, e.line)
        for e in graph.edges
        if not e.source.startswith(e.target + ".")  # apps.py naming its own package
    }

    assert edges == {
        ("lms.alpha.models", "courses.models", "import", 6),  # inside TYPE_CHECKING
        ("lms.alpha.models", "lms.beta.jobs", "import", 12),  # inside a function, relative
        ("lms.alpha.wiring", "lms.beta.jobs", "dotted path", 7),
        ("lms.alpha.wiring", "lms.beta", "path", 8),  # Path(__file__).parents[1] / "beta"
        ("lms.alpha.wiring", "lms.beta", "path", 9),  # a literal path
        ("lms.alpha.wiring", "lms.beta.jobs", "import_module", 14),
        ("lms.alpha.wiring", "courses.models", "get_model", 15),
        ("lms.beta.jobs", "lms.alpha.models", "import", 1),
    }


def test_a_function_level_import_closes_a_circle(graph):
    assert module_graph.circles(graph.edges) == [["lms.alpha.models", "lms.beta.jobs"]]
