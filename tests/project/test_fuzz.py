"""Security issue 15: every public and logged-in (URL, parameter) pair, derived from the URL
resolver and the views' forms (tests/project/fuzz_routes.py), gets the bad values of
tests/project/fuzz_values.py as GET and POST. Each answer is below 500, a 4xx says something
readable, a bad POST writes no rows, and a view that reads a parameter not in the list fails
the test by name."""

import re

import pytest
from django.apps import apps
from django.db import connection, reset_queries
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.project.fuzz_routes import routes
from tests.project.fuzz_values import BAD_VALUES
from tests.project.fuzz_world import fuzz_world, url_kwargs  # noqa: F401  (fixture)

ROLES = ("visitor", "participant", "contact", "team")


class Reads:
    """Records every key read from any QueryDict (request.GET/POST) while active."""

    METHODS = ("get", "__getitem__", "getlist", "__contains__")

    def __enter__(self):
        self.keys, self.originals = set(), {m: QueryDict.__dict__.get(m) for m in self.METHODS}
        for method in self.METHODS:
            setattr(QueryDict, method, self._wrap(getattr(QueryDict, method)))
        return self

    def __exit__(self, *exc):
        for method, original in self.originals.items():
            if original is None:
                delattr(QueryDict, method)  # inherited from MultiValueDict
            else:
                setattr(QueryDict, method, original)

    def _wrap(self, original):
        def read(querydict, key, *args, **kwargs):
            self.keys.add(key)
            return original(querydict, key, *args, **kwargs)

        return read


def _path(route, world) -> str:
    if route.page:
        return world["pages"][route.page]
    kwargs = url_kwargs(world)
    names = re.findall(r"<(?:\w+:)?(\w+)>", route.route)
    return reverse(route.name, kwargs={n: kwargs.get(n, 1) for n in names})


def _rows() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _client(client, world, role):
    if role != "visitor":
        client.force_login(world[role])
    return client


def _check(response, label):
    assert response.status_code < 500, f"{label}: {response.status_code}"
    if 400 <= response.status_code < 500 and response.status_code != 405:  # 405: no page
        assert response.content.strip(), f"{label}: a {response.status_code} without text"


class _Snapshot:
    """The row count of every table, taken again only after a request that ran an INSERT or
    DELETE (no other statement changes a row count): cheap enough for thousands of requests,
    and as exact as counting before and after each one."""

    rows: dict | None = None


def _send(client, path, method, data, label):
    if _Snapshot.rows is None:
        _Snapshot.rows = _rows()
    reset_queries()  # the log keeps 9,000 queries: a full log would capture nothing
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data)
    _check(response, label)
    if any(q["sql"].lstrip().upper().startswith(("INSERT", "DELETE")) for q in queries):
        after = _rows()
        if method == "post" and response.status_code >= 400:
            assert after == _Snapshot.rows, f"{label}: a refused POST wrote rows"
        _Snapshot.rows = after
    return response


@pytest.fixture(autouse=True)
def _fresh_snapshot():
    _Snapshot.rows = None


@pytest.mark.parametrize("role", ROLES)
def test_views_read_only_listed_parameters(client, fuzz_world, role):  # noqa: F811
    """A GET and an empty POST per URL: every parameter a view reads is in its list."""
    client = _client(client, fuzz_world, role)
    unlisted = []
    for route in routes():
        path = _path(route, fuzz_world)
        for method in ("get", "post"):
            with Reads() as reads:
                _send(client, path, method, {}, f"{role} {method} {path}")
            unlisted += [f"{route.name} {method}: {k}" for k in reads.keys - route.params]
        if route.name == "accounts:logout":
            client = _client(client, fuzz_world, role)
    assert not unlisted, "parameters read but not in the list:\n" + "\n".join(unlisted)


@pytest.mark.parametrize("role", ROLES)
def test_every_parameter_survives_every_bad_value(client, fuzz_world, role):  # noqa: F811
    """The deterministic sweep: each (URL, parameter, bad value) as GET and as POST."""
    client = _client(client, fuzz_world, role)
    tried = 0
    for route in routes():
        path = _path(route, fuzz_world)
        for param in sorted(route.params):
            for value in BAD_VALUES:
                for method in ("get", "post"):
                    _send(client, path, method, {param: value}, f"{role} {method} {path} {param}")
                    tried += 1
            if route.name == "accounts:logout":
                client = _client(client, fuzz_world, role)
    assert tried


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_values_on_random_forms(client, fuzz_world, data):  # noqa: F811
    """Hypothesis: random text in every field of a random form, as the participant."""
    client = _client(client, fuzz_world, "participant")
    route = data.draw(st.sampled_from([r for r in routes() if len(r.params) > 3]))
    text = st.text(max_size=300) | st.sampled_from(BAD_VALUES)
    values = {p: data.draw(text) for p in sorted(route.params) if p != "next"}
    _send(client, _path(route, fuzz_world), "post", values, f"post {route.name} {values}")
