"""How each report is laid out as tables: titles, column headings, kinds of cells.

Shared by the admin screens, the CSV/XLSX/PDF exports and the JSON endpoint, so the headings a
department sees on screen are the ones in its spreadsheet. The selectors return numbers only.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import BY_WARD, NATIONAL, PROVINCE, staffing_columns

TEXT, INT, PCT = "text", "int", "pct"

UNIT_HEADINGS = {
    NATIONAL: _("Tỉnh, thành phố"),
    PROVINCE: _("Xã, phường"),
    "ward": _("Thôn, tổ dân phố"),
}

TITLES = {
    "coverage": _("Báo cáo độ bao phủ Tổ công nghệ số cộng đồng"),
    "staffing": _("Báo cáo nhân lực Tổ công nghệ số cộng đồng"),
    "activity": _("Báo cáo hoạt động tập huấn"),
    "attendance": _("Báo cáo tham dự tập huấn"),
    "support": _("Báo cáo hỗ trợ người dân của Tổ công nghệ số cộng đồng"),
}


@dataclass
class Column:
    key: str
    label: str
    kind: str = INT
    group: str = ""


@dataclass
class Table:
    caption: str
    columns: list
    rows: list
    totals: dict | None = None
    total_label: str = field(default_factory=lambda: str(_("Tổng cộng")))

    @property
    def has_groups(self):
        return any(column.group for column in self.columns)

    def header_groups(self):
        """(label, span) runs of the group heading row, for a two-row header."""
        runs = []
        for column in self.columns:
            label = str(column.group)
            if runs and runs[-1][0] == label and label:
                runs[-1][1] += 1
            else:
                runs.append([label, 1])
        return [tuple(run) for run in runs]

    def cells(self, row):
        return [row.get(column.key) for column in self.columns]


def _unit_column(report):
    return Column("name", str(UNIT_HEADINGS[report.level]), TEXT)


def coverage_tables(report):
    columns = [
        _unit_column(report),
        Column("hamlets", _("Số thôn, tổ dân phố")),
        Column("hamlets_covered", _("Số thôn có tổ")),
        Column("hamlets_covered_pct", _("Tỷ lệ thôn có tổ (%)"), PCT),
        Column("teams", _("Số tổ")),
        Column("members", _("Số thành viên")),
        Column("trained", _("Đã tập huấn trong kỳ")),
        Column("trained_pct", _("Tỷ lệ đã tập huấn (%)"), PCT),
        Column("certified", _("Có chứng nhận còn hiệu lực")),
        Column("certified_pct", _("Tỷ lệ có chứng nhận (%)"), PCT),
    ]
    return [Table(str(TITLES["coverage"]), columns, report.rows, report.totals)]


def staffing_tables(report):
    columns = [_unit_column(report), Column("members", _("Tổng số thành viên"))]
    for group, group_columns in staffing_columns(report.extra.get("topics", [])):
        columns.extend(Column(key, label, INT, group) for key, label in group_columns)
    columns.append(Column("certified", _("Có chứng nhận còn hiệu lực")))
    return [Table(str(TITLES["staffing"]), columns, report.rows, report.totals)]


def activity_tables(report):
    units = Table(
        str(_("Buổi tập huấn theo đơn vị tổ chức")),
        [
            _unit_column(report),
            Column("sessions", _("Số buổi đã tổ chức")),
            Column("invited", _("Số lượt được mời")),
            Column("attended", _("Số lượt tham dự")),
            Column("attendance_pct", _("Tỷ lệ tham dự (%)"), PCT),
        ],
        report.rows,
        report.totals,
    )
    courses = report.extra.get("courses", [])
    course_totals = {
        key: sum(row[key] for row in courses)
        for key in ("enrolled", "completed", "completed_in_period")
    }
    enrolled = course_totals["enrolled"]
    course_totals["completion_pct"] = (
        round(100 * course_totals["completed"] / enrolled, 1) if enrolled else None
    )
    courses_table = Table(
        str(_("Học viên theo khóa học")),
        [
            Column("title", _("Khóa học"), TEXT),
            Column("enrolled", _("Số học viên ghi danh")),
            Column("completed", _("Số đã hoàn thành")),
            Column("completed_in_period", _("Hoàn thành trong kỳ")),
            Column("completion_pct", _("Tỷ lệ hoàn thành (%)"), PCT),
        ],
        courses,
        course_totals,
    )
    months = report.extra.get("months", [])
    month_rows = [{"label": f"{row['month']:%m/%Y}", "issued": row["issued"]} for row in months]
    months_table = Table(
        str(_("Chứng nhận đã cấp theo tháng")),
        [Column("label", _("Tháng"), TEXT), Column("issued", _("Số chứng nhận đã cấp"))],
        month_rows,
        {"issued": sum(row["issued"] for row in months)},
    )
    return [units, courses_table, months_table]


def attendance_tables(report):
    if report.level == NATIONAL:
        title, name, parent = _("Tỷ lệ tham dự theo tỉnh, thành phố"), _("Tỉnh, thành phố"), None
    elif getattr(report.params, "by", "") == BY_WARD:
        title, name, parent = (
            _("Tỷ lệ tham dự theo xã, phường"),
            _("Xã, phường"),
            _("Tỉnh, thành phố"),
        )
    else:
        title, name, parent = _("Tỷ lệ tham dự theo tổ"), _("Tổ"), _("Xã, phường")
    rates = Table(
        str(title),
        [
            Column("name", name, TEXT),
            *([Column("parent", parent, TEXT)] if parent else []),
            Column("sessions", _("Số buổi")),
            Column("invited", _("Lượt được mời")),
            Column("attended", _("Lượt tham dự")),
            Column("attendance_pct", _("Tỷ lệ (%)"), PCT),
        ],
        report.rows,
        report.totals,
    )
    sessions = [
        dict(
            row,
            date=f"{timezone.localtime(row['starts_at']):%d/%m/%Y}",
            url=reverse("attendance:session_detail", args=[row["session_id"]]),
        )
        for row in report.extra.get("sessions", [])
    ]
    sessions_table = Table(
        str(_("Theo buổi tập huấn")),
        [
            Column("title", _("Buổi"), TEXT),
            Column("date", _("Ngày"), TEXT),
            Column("invited", _("Được mời")),
            Column("present", _("Có mặt")),
            Column("late", _("Đi muộn")),
            Column("excused", _("Vắng có phép")),
            Column("absent", _("Vắng không phép")),
        ],
        sessions,
    )
    return [rates, sessions_table]


def support_tables(report):
    # Laid out in its own module, which builds on Column and Table above.
    from .support_tables import support_tables as tables

    return tables(report)


REPORT_TABLES = {
    "coverage": coverage_tables,
    "staffing": staffing_tables,
    "activity": activity_tables,
    "attendance": attendance_tables,
    "support": support_tables,
}


def report_tables(kind, report):
    return REPORT_TABLES[kind](report)


def format_cell(value, kind):
    """A cell as shown on screen, in the PDF and in CSV: 1.234 and 56,7 the Vietnamese way."""
    if value is None:
        return "–" if kind != TEXT else ""
    if kind == PCT:
        return f"{value:.1f}".replace(".", ",")
    if kind == INT:
        return f"{value:,}".replace(",", ".")
    return str(value)
