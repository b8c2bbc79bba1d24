"""The one reader for uploaded spreadsheets (.xlsx, .csv): member lists, filled attendance
rosters, any list a user uploads.

``check_upload(name=..., size=...)`` refuses a file by its extension and size before anything
is read. ``read_rows(upload)`` makes the same check, then the content checks that need no
parsing (the zip's bounds for .xlsx; the encoding and control characters for .csv), and
returns the lines: ``(row number, values)`` for every line of the first sheet or of the text,
header and blank lines included, so that row numbers are the ones the user sees in Excel.
The object returned also has ``warnings`` (Vietnamese, e.g. a column converted from a legacy
font) and ``encoding_unsure`` (ask the user to choose ``encoding``); both are complete once
iteration has started. A file that cannot be read as a whole raises :class:`SpreadsheetError`,
whose text is a Vietnamese message to show as it is. What the columns mean is the caller's
business (``teams.spreadsheets``, ``courses.attendance.sheets``).

Every bound (sizes, ratio, rows, columns, cell length, blank runs) is in ``bounds.py``. Only
the extension of the client's file name is used; the name never reaches a path.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .bounds import (
    ALLOWED_SUFFIXES,
    CSV_DELIMITERS,
    ENCODING_CHOICES,
    ENCODINGS,
    MAX_BLANK_RUN,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_INFLATED,
    MAX_RATIO,
    MAX_ROWS,
    XLSX_MAGIC,
    EncodingUnsure,
    SpreadsheetError,
)
from .rows import Rows, raise_if_unsure, unsure_message

__all__ = [
    "ALLOWED_SUFFIXES",
    "CSV_DELIMITERS",
    "ENCODINGS",
    "ENCODING_CHOICES",
    "MAX_BLANK_RUN",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_INFLATED",
    "MAX_RATIO",
    "MAX_ROWS",
    "XLSX_MAGIC",
    "EncodingUnsure",
    "Rows",
    "SpreadsheetError",
    "check_upload",
    "max_size",
    "raise_if_unsure",
    "read_rows",
    "unsure_message",
]


def max_size() -> int:
    """The largest upload in bytes (setting ``LMS_MAX_IMPORT_SIZE``, 10 MB by default)."""
    return settings.LMS_MAX_IMPORT_SIZE


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


def read_rows(upload, *, name: str | None = None, encoding: str = "auto") -> Rows:
    """The lines of ``upload``: an uploaded file (its ``name`` and ``size`` are used) or the
    file's bytes with ``name`` for the type.

    .xlsx cells come as openpyxl gives them with ``data_only`` (text, numbers, dates,
    ``None``), rows as tuples; .csv cells as text, rows as lists. ``encoding`` is "auto"
    (detect TCVN3 and VNI per column), "unicode" (convert nothing), "tcvn3" or "vni"."""
    if encoding not in ENCODINGS:
        raise ValueError(encoding)
    if name is None:
        name = getattr(upload, "name", "")
    data = _bytes_of(upload, name)
    suffix = check_upload(name=name, size=len(data))
    if suffix == ".xlsx":
        from .xlsx import SheetReader

        return Rows(SheetReader(data), max_rows=MAX_ROWS, encoding=encoding)
    from .csvtext import CsvText

    text = CsvText(data)
    text.check_controls()
    lines = enumerate(text.records(), start=1)
    return Rows(lines, max_rows=MAX_ROWS, encoding=encoding, text=text, checked=True)


def _bytes_of(upload, name):
    if isinstance(upload, bytes | bytearray | memoryview):
        return bytes(upload)
    size = getattr(upload, "size", None)
    if size is not None:
        check_upload(name=name, size=size)  # before a large file is read into memory
    data = upload.read(max_size() + 1)
    if len(data) > max_size():
        check_upload(name=name, size=len(data))
    return data
