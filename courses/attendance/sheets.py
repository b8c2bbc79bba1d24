"""The paper side of attendance: the roster as CSV/XLSX (to fill in or to report) and reading a
filled roster back.

The file written by :func:`roster_table` is also the upload template: the same columns come
back, matched by phone number, so a trainer can download, fill "Trạng thái" by hand from the
signed paper sheet and upload it. Reading is all-or-nothing: every row is checked first and
any error (with its row number) means nothing is saved.
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.core.spreadsheets import SpreadsheetError, read_rows
from lms.core.text import fold, normalize_text
from lms.core.validators import MOBILE_RE, normalize_phone

from .choices import AttendanceStatus

COLUMNS = ["STT", "Họ và tên", "Số điện thoại", "Tổ", "Trạng thái", "Ghi chú"]

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
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


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
                member.full_name,
                phone,
                team_names.get(member.pk, ""),
                status,
                attendance.note,
            ]
        )
    return table


def table_csv(table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(table)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def table_xlsx(table, *, title) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in table:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJ", (6, 30, 14, 30, 16, 30), strict=False):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _read_rows(upload):
    """Every line as text, header first; the file itself is read by the shared reader."""
    try:
        lines = [values for _number, values in read_rows(upload)]
    except SpreadsheetError as exc:
        raise SheetError([str(exc)]) from exc
    return [["" if v is None else str(v) for v in values] for values in lines]


def _column_index(header_row):
    """key -> position of its column in the header (``None``: no such column)."""
    header = [fold(h) for h in header_row]
    wanted = {
        "phone": fold("Số điện thoại"),
        "status": fold("Trạng thái"),
        "note": fold("Ghi chú"),
        "name": fold("Họ và tên"),
    }
    if wanted["phone"] not in header or wanted["status"] not in header:
        raise SheetError(
            [
                _("Dòng 1: thiếu cột %(cols)s.")
                % {"cols": ", ".join(["Số điện thoại", "Trạng thái"])}
            ]
        )
    return {key: header.index(col) if col in header else None for key, col in wanted.items()}


@dataclass
class NewRow:
    """A line for someone not on the roster (a walk-in written on the paper sheet)."""

    number: int
    phone: str
    full_name: str
    status: str
    note: str


def sheet_read(upload, roster_by_phone):
    """Check a filled roster against ``{phone: Attendance}``.

    Returns ``(marks, new_rows, errors)``: ``{attendance id: (status, note)}`` for people on the
    roster, :class:`NewRow` for valid phone numbers not on it (the caller checks those against
    the registry, adding its own errors), and the row errors found. A file that cannot be read
    at all raises :class:`SheetError`."""
    rows = _read_rows(upload)
    if not rows:
        raise SheetError([_("Tệp không có dữ liệu.")])
    index = _column_index(rows[0])
    errors, marks, seen, new_rows = [], {}, {}, []
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell).strip() for cell in row):
            continue

        def cell(key, row=row):
            i = index[key]
            return normalize_text(row[i]) if i is not None and i < len(row) else ""

        raw_phone, raw_status, note = cell("phone"), cell("status"), cell("note")
        phone = normalize_phone(raw_phone)
        if not phone:
            errors.append(_("Dòng %(n)s: thiếu số điện thoại.") % {"n": number})
            continue
        attendance = roster_by_phone.get(phone)
        if attendance is None and not MOBILE_RE.match(phone):
            errors.append(
                _("Dòng %(n)s: số điện thoại %(phone)s không hợp lệ.")
                % {"n": number, "phone": raw_phone}
            )
            continue
        if phone in seen:
            errors.append(
                _("Dòng %(n)s: số điện thoại %(phone)s trùng với dòng %(m)s.")
                % {"n": number, "phone": raw_phone, "m": seen[phone]}
            )
            continue
        seen[phone] = number
        if not raw_status:
            continue  # left blank on paper: keep whatever is recorded
        status = _STATUS_LOOKUP.get(fold(raw_status))
        if status is None:
            errors.append(
                _(
                    "Dòng %(n)s: trạng thái “%(value)s” không hợp lệ; dùng Có mặt, Đi muộn, "
                    "Vắng có phép hoặc Vắng không phép."
                )
                % {"n": number, "value": raw_status}
            )
            continue
        if len(note) > 255:
            errors.append(_("Dòng %(n)s: ghi chú dài quá 255 ký tự.") % {"n": number})
            continue
        if attendance is None:
            new_rows.append(NewRow(number, phone, cell("name"), status, note))
            continue
        marks[attendance.pk] = (status, note if index["note"] is not None else attendance.note)
    return marks, new_rows, errors
