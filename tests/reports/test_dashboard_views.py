"""The dashboard page: who may see what, exports, the annual PDF, constant queries."""

import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from courses.institutions import ensure_institution_groups
from lms.enrolment import services
from lms.enrolment.models import Enrolment

URL = "/beheer/resultaten/"


@pytest.fixture
def two_institutions(institution, make_institution, make_module, make_run, make_user):
    plf = make_institution("Platform31", "PLF")
    runs = {
        "TUD": make_run(for_module=make_module("Financiën"), code="TUD-1"),
        "PLF": make_run(for_module=make_module("Participatie", parent=plf), code="PLF-1"),
    }
    for run in runs.values():
        services.enrol(make_user(), run)
    return {"TUD": institution, "PLF": plf, "runs": runs}


def manager_of(page, make_user):
    _editors, managers = ensure_institution_groups(page)
    user = make_user(is_staff=True)
    user.groups.add(managers)
    return user


def test_programme_team_sees_everything(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "TUD-1" in body and "PLF-1" in body and "<svg" in body
    assert "no-store" in response["Cache-Control"]


def test_steering_committee_sees_everything(client, make_user, two_institutions):
    steering = make_user(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Stuurgroep")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    steering.groups.add(group)
    client.force_login(steering)
    body = client.get(URL).content.decode()
    assert "TUD-1" in body and "PLF-1" in body


def test_institution_sees_only_its_own_numbers(client, make_user, two_institutions):
    client.force_login(manager_of(two_institutions["TUD"], make_user))
    body = client.get(URL).content.decode()
    assert "TUD-1" in body and "PLF-1" not in body
    # asking for the other institution through the filter widens nothing
    sneaky = client.get(URL, {"institution": two_institutions["PLF"].path})
    assert "PLF-1" not in sneaky.content.decode()
    export = client.get(
        URL, {"table": "fill_rate", "export": "csv", "institution": two_institutions["PLF"].path}
    )
    assert b"PLF-1" not in b"".join(
        export.streaming_content if export.streaming else [export.content]
    )


def test_participants_and_editors_are_refused(client, user, make_user, two_institutions):
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    editors, _managers = ensure_institution_groups(two_institutions["TUD"])
    editor = make_user(is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"TUD-1" not in response.content


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_and_xlsx_exports(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    csv = content(client.get(URL, {"table": "fill_rate", "export": "csv"})).decode()
    assert "TUD-1" in csv and "PLF-1" in csv
    xlsx = content(client.get(URL, {"table": "fill_rate", "export": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "TUD-1" in values and "PLF-1" in values
    assert client.get(URL, {"table": "nope", "export": "csv"}).status_code == 404


def test_annual_report_pdf(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL, {"annual": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "TUD-1" in text and "PLF-1" in text


def test_invalid_period_shows_a_field_error(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL, {"start": "2026-12-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"]


def test_queries_do_not_grow(client, programme_team_user, two_institutions, make_run, make_user):
    client.force_login(programme_team_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    module = two_institutions["runs"]["TUD"].module
    for _ in range(8):
        run = make_run(for_module=module)
        for _ in range(3):
            services.enrol(make_user(email=None), run)
    assert Enrolment.objects.count() == 26
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
