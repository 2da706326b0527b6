"""The ONE CSV writer of every export (ours and Wagtail's listing, report and history
exports): Dutch Excel format and safe against formula injection.

- semicolon-separated, CRLF line ends, UTF-8 with a byte-order mark (Excel's Dutch locale
  opens it with the right characters and columns);
- numbers the product writes (``int``, ``Decimal``, ``float``) stay numbers, with a decimal
  comma and no thousands separator: ``Decimal("-12.50")`` → ``-12,50``;
- text (anything else, e.g. a name someone typed) that starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return gets a leading apostrophe, so Excel shows it as text and
  never runs it (OWASP "CSV injection"); dates are written ISO 8601 (``2026-11-29``).
"""

import csv
import datetime as dt
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One value as the CSV text Dutch Excel reads as intended (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = force_str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class _Line:
    """A file-like that hands back what the csv module writes (for streaming)."""

    def write(self, value):
        return value


def _writer(out):
    return csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def rows_to_text(rows) -> str:
    """All ``rows`` (iterables of values) as one CSV text, byte-order mark first."""
    line = _writer(_Line())
    return BOM + "".join(line.writerow([cell(v) for v in row]) for row in rows)


def stream_lines(rows):
    """The CSV of ``rows`` line by line (UTF-8 bytes), byte-order mark first."""
    line = _writer(_Line())
    yield BOM.encode("utf-8")
    for row in rows:
        yield line.writerow([cell(v) for v in row]).encode("utf-8")


def csv_response(filename: str, rows, *, streaming: bool = False) -> HttpResponse:
    """A download of ``rows`` named ``filename`` (``.csv`` added when missing), never cached."""
    name = filename if filename.endswith(".csv") else f"{filename}.csv"
    if streaming:
        response = StreamingHttpResponse(stream_lines(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(rows_to_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


class DutchCsvExportMixin:
    """For Wagtail's ``SpreadsheetExportMixin``: its CSV goes through :func:`csv_response`
    (values unconverted, so numbers stay numbers and text gets the formula guard)."""

    def write_csv_response(self, queryset):
        fields = list(self.list_export)
        header = [self.get_heading(queryset, field) for field in fields]

        def rows():
            yield header
            for item in queryset:
                row = self.to_row_dict(item)
                yield [self._csv_value(field, row.get(field)) for field in fields]

        return csv_response(self.get_filename(), rows(), streaming=True)

    def _csv_value(self, field, value):
        if value is None or isinstance(value, int | Decimal | float | dt.date):
            return value
        return self.preprocess_field_value(field, value, self.FORMAT_CSV)


def install_in_wagtail() -> None:
    """Make every Wagtail listing/report/history CSV export use this writer (called once from
    ``AccountsConfig.ready``): Wagtail's exports all come from ``SpreadsheetExportMixin``."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    SpreadsheetExportMixin.write_csv_response = DutchCsvExportMixin.write_csv_response
    SpreadsheetExportMixin._csv_value = DutchCsvExportMixin._csv_value
