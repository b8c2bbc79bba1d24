"""What the tally sheet's columns mean: headers, places, "x" for yes, counts, the team named
on a row; and the rows read from the file as plain values, with the reading errors by row and
column. The file itself is read by ``lms.core.spreadsheets.read_rows`` (``support_records_import``)."""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from lms.core.spreadsheets import SpreadsheetError
from lms.core.text import fold
from teams.spreadsheets import cell_text, column_letter, header_key, parse_date

from ..choices import OUTCOMES, SKILLS, Place

MAX_IMPORT_ROWS = 5000

YES = {"x", "co", "1", "v", "yes", "true", "✓", "✔", "đ", "d", "dung"}
NO = {"", "0", "khong", "no", "false", "-"}

# Short spellings of the places found on paper sheets, folded.
PLACE_ALIASES = {
    Place.HOME: ["tai nha", "nha", "tai nha nguoi dan", "den nha", "ho gia dinh"],
    Place.CLASS: ["lop", "lop hoc", "buoi huong dan", "cong dong", "lop cong dong"],
    Place.SERVICE_CENTRE: [
        "trung tam",
        "ttpvhcc",
        "trung tam phuc vu hanh chinh cong",
        "bo phan mot cua",
        "mot cua",
    ],
    Place.REMOTE: ["tu xa", "dien thoai", "qua dien thoai", "truc tuyen", "zalo"],
}


def columns():
    """column key -> the Vietnamese header the template writes (whatever the user's language:
    the file is the same for everyone)."""
    with translation.override("vi"):
        return {
            "date": "Ngày",
            "team": "Tổ/Thôn",
            "place": "Nơi hỗ trợ",
            "people": "Số người",
            **{name: str(label) for name, label in SKILLS},
            **{name: str(label) for name, label in OUTCOMES},
            "note": "Ghi chú",
        }


REQUIRED = ("date", "place", "people")
SKILL_KEYS = [name for name, _label in SKILLS]
OUTCOME_KEYS = [name for name, _label in OUTCOMES]


def _lookup():
    table = {}
    for key, heading in columns().items():
        table[header_key(heading)] = key
    for alias, key in [
        ("ngay ho tro", "date"),
        ("to", "team"),
        ("thon", "team"),
        ("to thon", "team"),
        ("ten to", "team"),
        ("noi", "place"),
        ("so nguoi dan", "people"),
        ("so nguoi duoc ho tro", "people"),
        ("so nguoi dan duoc ho tro", "people"),
    ]:
        table.setdefault(header_key(alias), key)
    return table


def _places():
    table = {}
    for value, label in Place.choices:
        with translation.override("vi"):
            table[header_key(str(label))] = value
        table[header_key(value)] = value
        for alias in PLACE_ALIASES[value]:
            table[header_key(alias)] = value
    return table


@dataclass
class Issue:
    row: int
    column: str
    message: str


@dataclass
class _Row:
    number: int
    team: object
    date: datetime.date
    place: str
    people: int
    fields: dict
    key: uuid.UUID = None


class Teams:
    """The teams a row may name, by team name or hamlet name (folded); ambiguity is an error."""

    def __init__(self, teams):
        self.teams = list(teams)
        self.by_name = {}
        for team in self.teams:
            names = {header_key(team.name)}
            if team.hamlet_id:
                names.add(header_key(team.hamlet.name))
            for name in names:
                self.by_name.setdefault(name, []).append(team)

    def find(self, text):
        if not text:
            if len(self.teams) == 1:
                return self.teams[0], None
            return None, _("Hãy ghi tên tổ hoặc thôn, tổ dân phố.")
        found = self.by_name.get(header_key(text), [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("Có nhiều tổ trùng tên “%(name)s”: hãy ghi đúng tên tổ.") % {
                "name": text
            }
        # Only the teams the user may import for are looked at: nothing is said of the others.
        return None, _("Không có tổ “%(name)s” trong các tổ bạn được nhập.") % {"name": text}


def _count(value):
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(" ", "")
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError


def _yes(value):
    word = fold(cell_text(value)).strip().rstrip(".")
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError


def parse(lines, teams):
    """The header and the data rows; parse errors by row and column."""
    lookup, places = _lookup(), _places()
    positions, letters, rows, errors = {}, {}, [], []
    header_row = None
    data_rows = 0
    for number, values in lines:
        blank = all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
        if header_row is None:
            if blank:
                continue
            header_row = number
            for pos, heading in enumerate(values):
                key = lookup.get(header_key(heading))
                if key and key not in positions:
                    positions[key] = pos
                    letters[key] = column_letter(pos)
            missing = [columns()[k] for k in REQUIRED if k not in positions]
            if missing:
                raise SpreadsheetError(
                    _("Dòng tiêu đề (dòng %(row)s) thiếu cột: %(cols)s.")
                    % {"row": number, "cols": ", ".join(missing)}
                )
            continue
        if blank:
            continue
        data_rows += 1
        if data_rows > MAX_IMPORT_ROWS:
            raise SpreadsheetError(
                _("Tệp có quá nhiều dòng số liệu (tối đa %(max)s); hãy chia thành nhiều tệp.")
                % {"max": MAX_IMPORT_ROWS}
            )
        cells = {k: values[p] if p < len(values) else None for k, p in positions.items()}
        row_errors = []

        def bad(key, message, number=number, row_errors=row_errors):
            row_errors.append(Issue(number, letters.get(key, ""), message))

        try:
            day = parse_date(cells["date"])
        except (ValueError, OverflowError):
            day = None
            bad("date", _("Ngày không hợp lệ: ghi theo dạng dd/mm/yyyy."))
        else:
            if day is None:
                bad("date", _("Thiếu ngày hỗ trợ."))
        place = places.get(header_key(cell_text(cells["place"])))
        if place is None:
            bad(
                "place",
                _("Nơi hỗ trợ không rõ: ghi một trong: %(list)s.")
                % {"list": ", ".join(str(label) for label in Place.labels)},
            )
        try:
            people = _count(cells["people"])
        except ValueError:
            people = None
            bad("people", _("Số người phải là số nguyên, ví dụ 1."))
        team, problem = teams.find(cell_text(cells.get("team")))
        if problem:
            bad("team", problem)
        record_fields = {}
        for key in SKILL_KEYS:
            try:
                record_fields[key] = _yes(cells.get(key))
            except ValueError:
                bad(key, _("Ghi “x” nếu có hướng dẫn kỹ năng này, để trống nếu không."))
        for key in OUTCOME_KEYS:
            try:
                record_fields[key] = _count(cells.get(key))
            except ValueError:
                bad(key, _("Phải là số nguyên, ví dụ 2; để trống là 0."))
        record_fields["note"] = cell_text(cells.get("note"))[:255]
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(_Row(number, team, day, place, people, record_fields))
    if header_row is None:
        raise SpreadsheetError(_("Tệp trống: không có dòng tiêu đề."))
    if not rows and not errors:
        raise SpreadsheetError(_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return rows, errors, letters
