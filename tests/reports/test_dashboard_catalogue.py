"""Issue 17: the results dashboard (warm, figures from the cache) costs the same however large
the catalogue is: the same queries and the same templates rendered, with ten times the
modules in its filters; the filters' markup is Django's own."""

from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext

from lms.reports.filters import ReportFilterForm

URL = "/beheer/resultaten/"


def cost(client) -> tuple[int, int]:
    """(queries, templates rendered) of a warm request of the dashboard."""
    client.get(URL)
    rendered = []

    def count(sender, **kwargs):
        rendered.append(kwargs["template"].name)

    template_rendered.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
    finally:
        template_rendered.disconnect(count)
    assert response.status_code == 200
    return len(queries), len(rendered)


def test_ten_times_the_catalogue_costs_the_same(
    client, programme_team_user, make_module, make_institution
):
    for i in range(3):
        make_module(f"Module {i}")
    client.force_login(programme_team_user)
    few = cost(client)
    other = make_institution("Platform31", "PLF")
    for i in range(30):
        make_module(f"Extra {i}", parent=other if i % 2 else None)
    assert cost(client) == few
    body = client.get(URL).content.decode()
    assert "Extra 29" in body and "Platform31" in body


def test_filters_render_as_django_would():
    from django import forms

    choices = [("", "Alle modules"), ("7", "Wonen & werken"), ("9", "Grond")]
    form = ReportFilterForm({"module": "7"}, institutions=[("0001", "TU Delft")], modules=[])
    form.fields["module"].choices = choices
    plain = forms.Select(choices=choices).render("module", "7", {"id": "id_module"})
    squeeze = "".join(line.strip() for line in plain.splitlines())
    assert str(form["module"]) == squeeze.replace(
        '<select name="module" id="id_module">', ('<select id="id_module" name="module">')
    )
