"""The paper side of attendance: the roster as CSV/XLSX (to fill in or to report) and reading a
filled roster back.

The file written by :func:`roster_table` is also the upload template: the same columns come
back. Each roster line carries its *row key* ("Mã dòng", the id of its roster row), and lines
are matched by that key first, by phone number only when the key is blank (a line typed by
hand). That is what lets a trainer, who sees no phone numbers, upload the roster they
downloaded (issue 16, item 12). A key names a row of *this* session's roster only; any other
number is refused like a typo.

Reading is all-or-nothing and bounded: every line is checked first, any error (with its row
number) means nothing is saved; a file may hold the roster plus :data:`SHEET_EXTRA_ROWS` lines
for walk-ins (and never more than the shared reader's ``MAX_ROWS``); reading stops at the
first line past that bound.

Every cell written goes through :func:`lms.core.exports.safe_cell`, so a name such as
``=HYPERLINK(...)`` opens as text, never as a formula.
"""

import io
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lms.core.exports import FORMULA_TRIGGERS, csv_bytes, safe_cell
from lms.core.spreadsheets import MAX_ROWS, SpreadsheetError, read_rows
from lms.core.text import fold, normalize_text
from lms.core.validators import MOBILE_RE, normalize_phone

from .choices import AttendanceStatus

KEY_COLUMN = "Mã dòng"
COLUMNS = ["STT", KEY_COLUMN, "Họ và tên", "Số điện thoại", "Tổ", "Trạng thái", "Ghi chú"]
COLUMN_WIDTHS = (6, 10, 30, 14, 30, 16, 30)

# Lines a filled sheet may hold beyond the roster: people written in by hand at the door.
SHEET_EXTRA_ROWS = 200
# A value quoted back in an error message is cut to this many characters.
QUOTE_CHARS = 40

# Accepted spellings of each status, compared accent-folded and lower-cased.
STATUS_WORDS = {
    AttendanceStatus.PRESENT: {"co mat", "x", "c", "present", "p"},
    AttendanceStatus.LATE: {"di muon", "muon", "m", "late", "l"},
    AttendanceStatus.EXCUSED: {"vang co phep", "co phep", "cp", "excused", "e"},
    AttendanceStatus.ABSENT: {"vang khong phep", "vang", "kp", "v", "absent", "a"},
}
_STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}


class SheetError(Exception):
    """The file cannot be used; ``errors`` lists the messages, each naming its row."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = list(errors)


# --- writing --------------------------------------------------------------------------------


def roster_table(rows, team_names, *, mask_phone=None):
    """Header plus one list per roster row, in the upload template's column order."""
    table = [COLUMNS]
    for number, attendance in enumerate(rows, start=1):
        member = attendance.member
        phone = mask_phone(member) if mask_phone else member.phone
        status = attendance.get_status_display() if attendance.status else ""
        table.append(
            [
                number,
                attendance.pk,
                member.full_name,
                phone,
                team_names.get(member.pk, ""),
                status,
                attendance.note,
            ]
        )
    return table


def table_csv(table) -> bytes:
    """UTF-8 with the BOM Excel needs; every cell neutralised by the shared writer."""
    return csv_bytes(table)


def table_xlsx(table, *, title) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in table:
        sheet.append([safe_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", COLUMN_WIDTHS, strict=False):
        sheet.column_dimensions[letter].width = width
    # Printed like every spreadsheet the product writes: A4, fit to width, header repeated.
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- reading --------------------------------------------------------------------------------


@dataclass
class NewRow:
    """A line for someone not on the roster (a walk-in written on the paper sheet)."""

    number: int
    phone: str
    full_name: str
    status: str
    note: str


@dataclass
class SheetResult:
    """What a filled sheet says: ``marks`` ``{attendance id: (status, note)}`` for roster
    rows, ``new_rows`` for valid phone numbers not on the roster (the caller decides whether
    they may be added), ``errors`` per row and the shared reader's ``warnings``."""

    marks: dict = field(default_factory=dict)
    new_rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


_WANTED = {
    "key": fold(KEY_COLUMN),
    "phone": fold("Số điện thoại"),
    "status": fold("Trạng thái"),
    "note": fold("Ghi chú"),
    "name": fold("Họ và tên"),
}


def _column_index(header_row):
    """key -> position of its column in the header (``None``: no such column)."""
    header = [fold("" if h is None else str(h)) for h in header_row]
    index = {key: header.index(col) if col in header else None for key, col in _WANTED.items()}
    if index["status"] is None or (index["phone"] is None and index["key"] is None):
        raise SheetError(
            [
                _("Dòng 1: thiếu cột %(cols)s.")
                % {"cols": ", ".join([KEY_COLUMN + " / Số điện thoại", "Trạng thái"])}
            ]
        )
    return index


def quote(value) -> str:
    """A value as quoted back to the user, cut short so a huge cell cannot fill the page."""
    value = str(value)
    return value if len(value) <= QUOTE_CHARS else value[:QUOTE_CHARS] + "…"


def _has_control(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in value)


def _unescape(value: str) -> str:
    """Undo :func:`safe_cell` on a value read back ("'=..." was written for "=...")."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def _row_key(raw) -> int | None:
    text = raw[:-2] if raw.endswith(".0") else raw  # a number read by Excel as a float
    return int(text) if text.isdigit() and len(text) < 19 else None


class _SheetReader:
    """One pass over the lines of a filled sheet (see :func:`sheet_read`)."""

    def __init__(self, roster_by_id, roster_by_phone):
        self.by_id, self.by_phone = roster_by_id, roster_by_phone
        self.result = SheetResult()
        self.seen_keys, self.seen_phones = {}, {}
        self.has_note = False

    def error(self, message, **params):
        self.result.errors.append(message % params)

    def line(self, number, row, index):
        values = {}
        for key, i in index.items():
            raw = row[i] if i is not None and i < len(row) else None
            text = "" if raw is None else str(raw)
            if _has_control(text.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
                self.error(_("Dòng %(n)s: có ký tự điều khiển không hợp lệ."), n=number)
                return
            values[key] = normalize_text(text)
        attendance = self.match(number, values)
        if attendance is False:
            return
        raw_status, note = values["status"], _unescape(values["note"])
        if not raw_status:
            return  # left blank on paper: keep whatever is recorded
        status = _STATUS_LOOKUP.get(fold(raw_status))
        if status is None:
            self.error(
                _(
                    "Dòng %(n)s: trạng thái “%(value)s” không hợp lệ; dùng Có mặt, Đi muộn, "
                    "Vắng có phép hoặc Vắng không phép."
                ),
                n=number,
                value=quote(raw_status),
            )
        elif len(note) > 255:
            self.error(_("Dòng %(n)s: ghi chú dài quá 255 ký tự."), n=number)
        elif attendance is None:
            phone = normalize_phone(values["phone"])
            self.result.new_rows.append(NewRow(number, phone, values["name"], status, note))
        else:
            kept = note if self.has_note else attendance.note
            self.result.marks[attendance.pk] = (status, kept)

    def match(self, number, values):
        """The roster row a line is about, ``None`` for a new person, ``False`` on error."""
        raw_key = values["key"]
        if raw_key:
            key = _row_key(raw_key)
            attendance = self.by_id.get(key)
            if attendance is None:
                self.error(
                    _("Dòng %(n)s: mã dòng “%(key)s” không có trong danh sách buổi tập huấn này."),
                    n=number,
                    key=quote(raw_key),
                )
                return False
            if key in self.seen_keys:
                self.error(
                    _("Dòng %(n)s: mã dòng %(key)s trùng với dòng %(m)s."),
                    n=number,
                    key=key,
                    m=self.seen_keys[key],
                )
                return False
            self.seen_keys[key] = number
            return attendance
        raw_phone = values["phone"]
        phone = normalize_phone(raw_phone)
        if not phone:
            self.error(_("Dòng %(n)s: thiếu mã dòng hoặc số điện thoại."), n=number)
            return False
        attendance = self.by_phone.get(phone)
        if attendance is None and not MOBILE_RE.match(phone):
            self.error(
                _("Dòng %(n)s: số điện thoại %(phone)s không hợp lệ."),
                n=number,
                phone=quote(raw_phone),
            )
            return False
        twin = self.seen_phones.get(phone) or (
            attendance is not None and self.seen_keys.get(attendance.pk)
        )
        if twin:
            self.error(
                _("Dòng %(n)s: số điện thoại %(phone)s trùng với dòng %(m)s."),
                n=number,
                phone=quote(raw_phone),
                m=twin,
            )
            return False
        self.seen_phones[phone] = number
        if attendance is not None:
            self.seen_keys[attendance.pk] = number
        return attendance


def sheet_read(upload, *, roster_by_id, roster_by_phone, max_rows=None) -> SheetResult:
    """Check a filled roster against the session's rows (``{id: Attendance}`` and
    ``{phone: Attendance}``). A file that cannot be read at all, or holds more than
    ``max_rows`` filled lines (the roster plus :data:`SHEET_EXTRA_ROWS` by default), raises
    :class:`SheetError`; reading stops there."""
    if max_rows is None:
        max_rows = len(roster_by_id) + SHEET_EXTRA_ROWS
    max_rows = min(max_rows, MAX_ROWS)
    reader = _SheetReader(roster_by_id, roster_by_phone)
    try:
        rows = read_rows(upload)
        index, filled = None, 0
        for number, values in rows:
            row = ["" if v is None else v for v in values]
            if index is None:
                index = _column_index(row)
                reader.has_note = index["note"] is not None
                continue
            if not any(str(cell).strip() for cell in row):
                continue
            filled += 1
            if filled > max_rows:
                raise SheetError([_too_many_rows(max_rows)])
            reader.line(number, row, index)
    except SpreadsheetError as exc:
        raise SheetError([str(exc)]) from exc
    if index is None:
        raise SheetError([_("Tệp không có dữ liệu.")])
    reader.result.warnings = list(getattr(rows, "warnings", []) or [])
    return reader.result


def _too_many_rows(max_rows):
    return _(
        "Tệp có quá nhiều dòng: tối đa %(max)s dòng (danh sách của buổi tập huấn và "
        "%(extra)s dòng người đến trực tiếp). Chưa lưu gì."
    ) % {"max": max_rows, "extra": SHEET_EXTRA_ROWS}
