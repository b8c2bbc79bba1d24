"""The one reader for uploaded spreadsheets (.xlsx, .csv): member lists, filled attendance
rosters, any list a user uploads.

``check_upload(name=..., size=...)`` refuses a file by its extension and size before anything
is read. ``read_rows(upload)`` makes the same check and returns ``(row number, values)`` for
every line of the first sheet (.xlsx) or of the text (.csv), header and blank lines included,
so that row numbers are the ones the user sees in Excel. A file that cannot be read as a whole
raises :class:`SpreadsheetError`, whose text is a Vietnamese message to show as it is. What the
columns mean is the caller's business (``teams.spreadsheets``, ``courses.attendance.sheets``).

Only the extension of the client's file name is used; the name never reaches a path.
"""

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# --- Limits: every bound on an uploaded spreadsheet lives here ------------------------------
ALLOWED_SUFFIXES = (".xlsx", ".csv")
MAX_ROWS = 100_000  # lines after the first (the header)
CSV_ENCODINGS = ("utf-8-sig", "cp1258")
CSV_DELIMITERS = ",;\t"  # Excel writes ";" where the list separator is ","
CSV_SNIFF_CHARS = 4096
CSV_NUL_SCAN_CHARS = 1024
XLSX_MAGIC = b"PK\x03\x04"


def max_size() -> int:
    """The largest upload in bytes (setting ``LMS_MAX_IMPORT_SIZE``, 10 MB by default)."""
    return settings.LMS_MAX_IMPORT_SIZE


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (wrong type, too big, damaged, too many rows...)."""


def check_upload(*, name: str, size: int) -> str:
    """Refuse by extension and size before reading anything; return the suffix (".xlsx")."""
    suffix = Path(str(name or "").replace("\\", "/")).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise SpreadsheetError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
    limit = max_size()
    if size > limit:
        raise SpreadsheetError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    return suffix


def read_rows(upload, *, name: str | None = None) -> Iterator[tuple[int, Iterable]]:
    """``(row number, values)`` for each line of ``upload``: an uploaded file (its ``name`` and
    ``size`` are used) or the file's bytes with ``name`` for the type.

    .xlsx cells come as openpyxl gives them (text, numbers, dates, ``None``); .csv cells as text
    (UTF-8 with or without the BOM Excel writes, or Windows-1258; "," ";" or tab between
    cells)."""
    if name is None:
        name = getattr(upload, "name", "")
    data = _bytes_of(upload, name)
    suffix = check_upload(name=name, size=len(data))
    lines = _xlsx_lines(data) if suffix == ".xlsx" else _csv_lines(data)
    return _numbered(lines)


def _bytes_of(upload, name):
    if isinstance(upload, bytes | bytearray | memoryview):
        return bytes(upload)
    size = getattr(upload, "size", None)
    if size is not None:
        check_upload(name=name, size=size)  # before a large file is read into memory
    return upload.read()


def _numbered(lines):
    for index, values in enumerate(lines, start=1):
        if index > MAX_ROWS + 1:
            raise SpreadsheetError(_("Tệp có quá nhiều dòng (tối đa %s).") % MAX_ROWS)
        yield index, values


def _xlsx_lines(data):
    if not data.startswith(XLSX_MAGIC):
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel .xlsx hợp lệ."))
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise SpreadsheetError(_("Tệp không phải là bảng tính Excel .xlsx hợp lệ.")) from exc
    return _sheet_lines(workbook, sheet)


def _sheet_lines(workbook, sheet):
    try:
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _decode(data):
    # UTF-8 with or without the BOM Excel writes; else Windows-1258, what Excel's plain "CSV"
    # writes on a Vietnamese Windows. UTF-16 ("Unicode text") is refused, not misread.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SpreadsheetError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."))
    for encoding in CSV_ENCODINGS:
        try:
            # Windows-1258 writes tone marks as combining characters: compose them.
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”)."))


def _csv_lines(data):
    text = _decode(data)
    if "\x00" in text[:CSV_NUL_SCAN_CHARS]:
        raise SpreadsheetError(_("Tệp CSV không hợp lệ."))
    try:
        dialect = csv.Sniffer().sniff(text[:CSV_SNIFF_CHARS], delimiters=CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    return _csv_records(csv.reader(io.StringIO(text), dialect))


def _csv_records(reader):
    try:
        yield from reader
    except csv.Error as exc:  # a NUL or an over-long field further down the file
        raise SpreadsheetError(_("Tệp CSV không hợp lệ.")) from exc
