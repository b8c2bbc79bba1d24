"""How the support report is laid out as tables (screen, XLSX, CSV, PDF): one table of
citizens helped per skill and outcome, one of rates with their denominators, one of reporting
completeness, the months, and the units with the lowest activity."""

from django.utils.translation import gettext_lazy as _

from teams.support.choices import OUTCOMES, SKILLS

from .selectors import NATIONAL, WARD
from .tables import INT, PCT, TEXT, Column, Table
from .tables import _unit_column as unit_column


def _helped(report):
    columns = [
        unit_column(report),
        Column("records", _("Số lượt hỗ trợ")),
        Column("people", _("Số người dân được hỗ trợ")),
    ]
    skills = str(_("Người dân được hỗ trợ theo kỹ năng"))
    columns += [Column(key, label, INT, skills) for key, label in SKILLS]
    outcomes = str(_("Kết quả (số người dân)"))
    columns += [Column(key, label, INT, outcomes) for key, label in OUTCOMES]
    return Table(
        str(_("Người dân được hỗ trợ theo kỹ năng và kết quả")),
        columns,
        report.rows,
        report.totals,
    )


def _rates(report):
    columns = [
        unit_column(report),
        Column("dossier_self", _("Người dân tự nộp hồ sơ trực tuyến")),
        Column("dossier_proxy", _("Nộp hồ sơ thay người dân")),
        Column("self_filing_pct", _("Tỷ lệ người dân tự nộp hồ sơ trực tuyến (%)"), PCT),
        Column("portal_account", _("Tài khoản Cổng Dịch vụ công đã tạo")),
        Column("adults", _("Dân số từ 15 tuổi trở lên")),
        Column("portal_per_1000", _("Tài khoản đã tạo trên 1.000 người từ 15 tuổi"), PCT),
        Column("teams", _("Số tổ đang hoạt động")),
        Column("people_per_team", _("Người dân được hỗ trợ trên mỗi tổ"), PCT),
        Column("silent_teams", _("Tổ không ghi nhận trong 60 ngày")),
    ]
    return Table(
        str(_("Tỷ lệ tự nộp hồ sơ, tài khoản trên dân số, hoạt động của tổ")),
        columns,
        report.rows,
        report.totals,
    )


def _completeness(report):
    columns = [
        unit_column(report) if report.level != WARD else Column("name", _("Đơn vị"), TEXT),
        Column("reports_expected", _("Báo cáo tháng phải gửi")),
        Column("reports_submitted", _("Đã gửi")),
        Column("submitted_pct", _("Tỷ lệ đã gửi (%)"), PCT),
        Column("reports_on_time", _("Gửi đúng hạn")),
        Column("on_time_pct", _("Tỷ lệ đúng hạn (%)"), PCT),
        Column("reports_approved", _("Đã duyệt")),
        Column("approved_pct", _("Tỷ lệ đã duyệt (%)"), PCT),
        Column("teams_expected", _("Lượt tổ phải báo cáo")),
        Column("teams_reporting", _("Lượt tổ có ghi nhận")),
        Column("teams_reporting_pct", _("Tỷ lệ tổ có ghi nhận (%)"), PCT),
    ]
    caption = str(_("Tính đầy đủ của báo cáo tháng (các tháng đã kết thúc trong kỳ)"))
    if report.level == WARD:
        # Monthly reports are the ward's, not the hamlets': one row, the ward.
        row = dict(report.totals, name=str(_("Cả xã, phường")))
        return Table(caption, columns, [row])
    return Table(caption, columns, report.rows, report.totals)


def _months(report):
    rows = [dict(row, label=f"{row['month']:%m/%Y}") for row in report.extra.get("months", [])]
    keys = ("records", "people", "portal_account", "dossier_self", "dossier_proxy")
    totals = {key: sum(row[key] for row in rows) for key in keys}
    dossiers = totals["dossier_self"] + totals["dossier_proxy"]
    totals["self_filing_pct"] = (
        round(100 * totals["dossier_self"] / dossiers, 1) if dossiers else None
    )
    columns = [
        Column("label", _("Tháng"), TEXT),
        Column("records", _("Số lượt hỗ trợ")),
        Column("people", _("Số người dân được hỗ trợ")),
        Column("portal_account", _("Tài khoản Cổng Dịch vụ công đã tạo")),
        Column("dossier_self", _("Người dân tự nộp hồ sơ trực tuyến")),
        Column("dossier_proxy", _("Nộp hồ sơ thay người dân")),
        Column("self_filing_pct", _("Tỷ lệ tự nộp (%)"), PCT),
    ]
    return Table(str(_("Diễn biến theo tháng")), columns, rows, totals)


def _lowest(report):
    unit = _("Thôn, tổ dân phố") if report.level == WARD else _("Xã, phường")
    columns = [Column("name", unit, TEXT)]
    if report.level == NATIONAL:
        columns.append(Column("parent", _("Tỉnh, thành phố"), TEXT))
    columns += [
        Column("teams", _("Số tổ đang hoạt động")),
        Column("people", _("Số người dân được hỗ trợ")),
        Column("people_per_team", _("Người dân được hỗ trợ trên mỗi tổ"), PCT),
        Column("silent_teams", _("Tổ không ghi nhận trong 60 ngày")),
    ]
    lowest = report.extra.get("lowest", [])
    caption = _(
        "Các đơn vị ít hoạt động nhất (%(n)s đơn vị có tổ, ít người dân được hỗ trợ trên mỗi tổ "
        "nhất)"
    ) % {"n": len(lowest)}
    return Table(str(caption), columns, lowest)


def support_tables(report):
    return [
        _helped(report),
        _rates(report),
        _completeness(report),
        _months(report),
        _lowest(report),
    ]
