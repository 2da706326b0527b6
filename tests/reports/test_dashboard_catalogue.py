"""Issue 17: the results dashboard (warm, figures from the cache) costs the same however large
the catalogue is: the same queries and the same templates rendered, with ten times the
modules in its filters; the filters' markup is Django's own."""

import pytest
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
    assert "Platform31" in body
    # modules are chosen in Wagtail's page chooser, not listed in the page
    assert "Extra 29" not in body
    assert 'data-controller="w-chooser"' in body or "page-chooser" in body


def test_a_chosen_module_is_shown_by_its_title_and_filters(
    client, programme_team_user, make_module
):
    module = make_module("Wonen en werken")
    client.force_login(programme_team_user)
    body = client.get(URL, {"module": module.pk}).content.decode()
    assert "Wonen en werken" in body
    assert f'value="{module.pk}"' in body


@pytest.mark.parametrize("value", ["drop table", "99999999999999999999", "-3"])
def test_a_module_that_is_not_a_page_id_is_a_field_error(client, programme_team_user, value):
    client.force_login(programme_team_user)
    response = client.get(URL, {"module": value})
    assert response.status_code == 200
    assert response.context["form"].errors["module"]


def test_an_unknown_module_id_shows_nothing_chosen(client, programme_team_user):
    client.force_login(programme_team_user)
    assert client.get(URL, {"module": "987654"}).status_code == 200


def test_filters_render_as_django_would():
    from django import forms

    form = ReportFilterForm({"institution": "0007"}, institutions=[])
    form.fields["institution"].choices = choices = [
        ("", "Alle instellingen"),
        ("0007", "TU Delft"),
        ("0009", "Platform31"),
    ]
    plain = forms.Select(choices=choices).render("institution", "0007", {"id": "id_institution"})
    squeeze = "".join(line.strip() for line in plain.splitlines())
    assert str(form["institution"]) == squeeze.replace(
        '<select name="institution" id="id_institution">',
        ('<select id="id_institution" name="institution">'),
    )
