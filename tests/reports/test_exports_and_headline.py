"""Issue 24: headline figures on top, Dutch numbers in the annual PDF with whole-number ticks
for counts, CSV that Dutch Excel opens as it is, XLSX sheets named after their table, and the
calendar year as the default period."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from lms.reports.exports import csv_cell, sheet_name
from lms.reports.pdf import _chart, whole_number_step
from lms.reports.table import Table
from tests.reports.test_dashboard_views import URL, content, two_institutions  # noqa: F401

pytestmark = pytest.mark.django_db


def test_csv_has_bom_semicolons_and_decimal_commas(client, programme_team_user, two_institutions):  # noqa: F811
    client.force_login(programme_team_user)
    response = client.get(URL, {"table": "fill_rate", "export": "csv"})
    raw = content(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Uitvoering;Module;Plaatsen;Bezet;Bezettingsgraad (%)"
    assert "TUD-1;Financiën;10;1;10,0" in lines
    assert response["Content-Disposition"] == 'attachment; filename="fill_rate.csv"'


def test_csv_cells_keep_numbers_plain_and_defuse_formulas():
    assert csv_cell(Decimal("1234.50")) == "1234,50"
    assert csv_cell(None) == "" and csv_cell(7) == "7"
    assert csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"


def test_xlsx_sheet_is_named_after_its_table(client, programme_team_user, two_institutions):  # noqa: F811
    client.force_login(programme_team_user)
    xlsx = content(client.get(URL, {"table": "fill_rate", "export": "xlsx"}))
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Bezettingsgraad per uitvoering"]
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Uitvoering" and ("TUD-1", "Financiën", 10, 1, 10) in rows
    assert (
        sheet_name("Omzet (netto) en kostendekking per module") == "Omzet (netto) en kostendekking"
    )
    assert sheet_name("a/b: c?") == "a b  c"


def test_default_period_is_the_calendar_year(client, programme_team_user, two_institutions):  # noqa: F811
    client.force_login(programme_team_user)
    year = timezone.localdate().year
    chosen = client.get(URL).context["report_filter"]
    assert (chosen.start, chosen.end) == (dt.date(year, 1, 1), dt.date(year, 12, 31))
    earlier = client.get(URL, {"start": "2024-03-01"}).context["report_filter"]
    assert (earlier.start, earlier.end) == (dt.date(2024, 3, 1), dt.date(2024, 12, 31))


def test_headline_figures_come_first(client, programme_team_user, two_institutions):  # noqa: F811
    client.force_login(programme_team_user)
    body = client.get(URL).content.decode()
    headline = body.index('id="headline-heading"')
    assert headline < body.index('<form method="get"') < body.index('id="section-fill_rate"')
    block = body[headline : body.index("</section>", headline)]
    assert "Kerncijfers" in block and "Inschrijvingen" in block and "Bezettingsgraad" in block
    assert "10,0%" in block  # 2 of 20 seats taken
    assert "€ 0,00" in block


def test_annual_pdf_writes_dutch_numbers(client, programme_team_user, two_institutions):  # noqa: F811
    client.force_login(programme_team_user)
    response = client.get(URL, {"annual": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Kerncijfers" in text
    assert "10,0" in text and "10.0" not in text


def test_count_charts_have_whole_number_ticks():
    assert [whole_number_step(top) for top in (1, 3, 7, 12, 40, 230)] == [1, 1, 2, 5, 10, 50]
    counts = Table(
        "t",
        "Counts",
        [("k", "K"), ("n", "N")],
        [{"k": "a", "n": 1}, {"k": "b", "n": 3}],
        label_key="k",
        value_key="n",
    )
    axis = _chart(counts).contents[0].valueAxis
    assert axis.valueStep == 1 and axis.valueMax == 3
    assert axis.labelTextFormat(2.0) == "2"
    shares = Table(
        "s",
        "Shares",
        [("k", "K"), ("p", "P")],
        [{"k": "a", "p": Decimal("35.5")}],
        label_key="k",
        value_key="p",
        unit="%",
        scale_max=100,
    )
    with translation.override("nl"):
        chart = _chart(shares).contents[0]
        assert chart.barLabelFormat(35.5) == "35,5%"
        assert chart.valueAxis.labelTextFormat(12.5) == "12,5"


def test_numbers_are_written_the_dutch_way():
    from lms.reports.numbers import format_number

    with translation.override("nl"):
        assert format_number(Decimal("12345.5")) == "12.345,5"
        assert format_number(1234) == "1.234" and format_number(None) == "–"
