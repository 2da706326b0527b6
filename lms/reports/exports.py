"""CSV and XLSX downloads of one dashboard table, in the shape Dutch Excel opens as it is:
the CSV is UTF-8 with a byte-order mark, semicolon-separated, with a decimal comma; the XLSX
keeps numbers as numbers on a sheet named after the table."""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

#: Excel's limit on a sheet name, and the characters it refuses in one.
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = "[]:*?/\\"
#: A text cell starting with one of these is read by spreadsheets as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """One CSV cell: "" for None, a decimal comma for Decimal and float (no grouping, so
    Excel reads it as a number), text that could start a formula behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(table) -> HttpResponse:
    """The CSV download of ``table`` (a ``reports.table.Table``), named ``<key>.csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(heading) for _key, heading in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(row.get(key)) for key, _heading in table.columns])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{table.key}.csv"'
    return response


def sheet_name(title) -> str:
    """``title`` as an Excel sheet name: forbidden characters become spaces, at most 31
    characters; "Sheet" when nothing is left."""
    cleaned = "".join(" " if c in SHEET_NAME_FORBIDDEN else c for c in str(title)).strip()
    return cleaned[:SHEET_NAME_MAX].strip().strip("'") or "Sheet"


def xlsx_response(table) -> HttpResponse:
    """The XLSX download of ``table``: one sheet named after its title, a heading row, the rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_name(table.title))
    sheet.append([str(heading) for _key, heading in table.columns])
    for row in table.rows:
        sheet.append([_xlsx_cell(row.get(key)) for key, _heading in table.columns])
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{table.key}.xlsx"'
    return response


def _xlsx_cell(value):
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
