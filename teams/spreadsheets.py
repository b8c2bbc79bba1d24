"""What a member list's columns mean, and the blank template officers fill in.

The file itself is read by the one spreadsheet reader (``lms.core.spreadsheets``); this module
turns its lines into plain rows (dicts keyed by column name, with the Excel row number) so the
import service sees the same thing whatever the file was.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lms.core.spreadsheets import SpreadsheetError, raise_if_unsure, read_rows
from lms.core.text import fold

from .choices import Affiliation, Gender, ITQualification, TeamRole

# column key -> header as the template writes it (Vietnamese, as officers know it)
COLUMNS = {
    "full_name": "Họ và tên",
    "date_of_birth": "Ngày sinh",
    "gender": "Giới tính",
    "phone": "Số điện thoại",
    "email": "Email",
    "cccd": "Số CCCD",
    "role": "Chức vụ trong tổ",
    "affiliation": "Đơn vị công tác",
    "it_qualification": "Trình độ CNTT",
    "it_major": "Chuyên ngành CNTT",
    "hamlet": "Thôn/ấp/tổ dân phố",
    "ward": "Xã/phường",
    "province": "Tỉnh/thành phố",
    "joined_on": "Ngày tham gia",
}
REQUIRED_COLUMNS = ("full_name", "phone", "hamlet")

# Other spellings found in real lists; compared after folding and dropping punctuation.
ALIASES = {
    "full_name": ["ho ten", "ho va ten thanh vien", "ten"],
    "date_of_birth": ["ngay thang nam sinh", "ngay sinh dd mm yyyy"],
    "gender": ["gioi"],
    "phone": ["dien thoai", "sdt", "so dt", "dien thoai di dong", "so dien thoai di dong"],
    "email": ["thu dien tu", "e mail"],
    "cccd": ["cccd", "so can cuoc", "so can cuoc cong dan", "so cccd cmnd", "can cuoc cong dan"],
    "role": ["chuc vu", "chuc danh trong to", "vai tro"],
    "affiliation": ["don vi", "co quan don vi", "noi cong tac"],
    "it_qualification": ["trinh do cong nghe thong tin", "trinh do chuyen mon cntt"],
    "it_major": ["chuyen nganh cong nghe thong tin"],
    "hamlet": ["thon", "thon ap", "thon to dan pho", "ap", "to dan pho", "thon ap ban to dan pho"],
    "ward": ["xa phuong dac khu", "xa", "phuong", "xa phuong thi tran"],
    "province": ["tinh thanh", "tinh", "tinh thanh pho truc thuoc trung uong"],
    "joined_on": ["ngay vao to"],
}


def header_key(text):
    return re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).strip()


HEADER_LOOKUP = {header_key(h): key for key, h in COLUMNS.items()}
for _key, _aliases in ALIASES.items():
    for _alias in _aliases:
        HEADER_LOOKUP.setdefault(header_key(_alias), _key)


@dataclass
class Sheet:
    columns: dict  # key -> Excel column letter, for error messages
    rows: list  # [(excel row number, {key: value})]
    ignored_headers: list
    # The reader's notes on the file as a whole (a column converted from a legacy font...),
    # in Vietnamese, shown above the preview.
    warnings: list = field(default_factory=list)


def column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def read_sheet(upload, *, name=None, encoding="auto") -> Sheet:
    """The member list in ``upload`` (an uploaded file, or bytes with ``name`` for the type).
    ``encoding`` is the reader's ("auto", "unicode", "tcvn3", "vni"). Raises
    ``SpreadsheetError`` when the file as a whole cannot be used, and its subclass
    ``EncodingUnsure`` when a column looks typed in a legacy font but which one is not clear
    (the form then asks for ``encoding``): names are never stored half-converted."""
    raw = read_rows(upload, name=name, encoding=encoding)
    lines = list(raw)
    raise_if_unsure(raw)  # before the header is judged: it may be the unsure column
    sheet = _to_sheet(lines)
    sheet.warnings = list(raw.warnings)
    return sheet


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _to_sheet(raw):
    columns, positions, ignored = {}, {}, []
    rows = []
    for index, values in raw:
        if not columns:
            if all(_blank(v) for v in values):
                continue  # blank lines above the header
            for pos, heading in enumerate(values):
                key = HEADER_LOOKUP.get(header_key(heading))
                if key and key not in positions:
                    positions[key] = pos
                    columns[key] = column_letter(pos)
                elif not _blank(heading):
                    ignored.append(str(heading))
            missing = [COLUMNS[k] for k in REQUIRED_COLUMNS if k not in positions]
            if missing:
                raise SpreadsheetError(
                    _("Dòng tiêu đề (dòng %(row)s) thiếu cột: %(cols)s.")
                    % {"row": index, "cols": ", ".join(missing)}
                )
            continue
        if all(_blank(v) for v in values):
            continue
        rows.append(
            (
                index,
                {key: values[pos] if pos < len(values) else None for key, pos in positions.items()},
            )
        )
    if not columns:
        raise SpreadsheetError(_("Tệp trống: không có dòng tiêu đề."))
    if not rows:
        # A file of nothing but blanks (or a header alone) is refused, not kept as "0 rows".
        raise SpreadsheetError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return Sheet(columns=columns, rows=rows, ignored_headers=ignored)


def parse_date(value):
    """dd/mm/yyyy text (also d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd) or a real Excel date."""
    if _blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 80000:  # an Excel serial day number that lost its date format
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise ValueError
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.split(" ")[0], fmt).date()
        except ValueError:
            continue
    raise ValueError


def cell_text(value):
    """Text of a cell; numbers Excel stored as floats lose their ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def template_xlsx():
    """The blank list officers fill in: the headers, one example row, and a sheet of the
    accepted values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(list(COLUMNS.values()))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append(
        [
            "Nguyễn Văn An",
            "15/03/1990",
            "Nam",
            "0912345678",
            "",
            "",
            "Tổ viên",
            "Đoàn thanh niên",
            "Đại học",
            "Có",
            "Khu vực 1",
            "Phường Vị Tân",
            "Thành phố Cần Thơ",
            "01/09/2025",
        ]
    )
    for index, heading in enumerate(COLUMNS.values()):
        sheet.column_dimensions[column_letter(index)].width = max(14, len(heading) + 4)
    sheet.freeze_panes = "A2"
    values = workbook.create_sheet("Giá trị hợp lệ")
    lists = [
        (COLUMNS["gender"], Gender),
        (COLUMNS["role"], TeamRole),
        (COLUMNS["affiliation"], Affiliation),
        (COLUMNS["it_qualification"], ITQualification),
    ]
    for col, (heading, choices) in enumerate(lists, start=1):
        values.cell(row=1, column=col, value=heading).font = Font(bold=True)
        for row, label in enumerate(choices.labels, start=2):
            values.cell(row=row, column=col, value=str(label))
        values.column_dimensions[column_letter(col - 1)].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
