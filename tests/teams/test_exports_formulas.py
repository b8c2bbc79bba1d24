"""Registry exports as people open them (issues 15.6 and 16.13): every CSV and XLSX list export
(members, teams, hamlets, wards, certificates) writes text a spreadsheet would run as a formula
with a leading apostrophe, uses Vietnamese labels, dd/mm/yyyy dates and a BOM; and a ward
officer's member export imports back unchanged."""

import csv
import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from lms.core.exports import FORMULA_TRIGGERS
from teams.choices import Affiliation, Gender, TeamRole
from tests.factories.teams import HamletFactory, MemberFactory, MembershipFactory, WardFactory

LINK = '=HYPERLINK("http://x","y")'
SUM = "@SUM(1+1)"
RAW_CODES = {"male", "female", "hamlet_head", "active", "hamlet", "True", "False", "None"}
EXPORTS = ["teams_member", "teams_team", "teams_hamlet", "teams_ward"]


@pytest.fixture
def hostile(area):
    """Names typed as formulas in every list an officer of Cần Thơ exports."""
    link = MemberFactory(
        full_name=LINK,
        ward=area.vi_tan,
        gender=Gender.FEMALE,
        date_of_birth=datetime.date(1992, 7, 9),
        affiliation=Affiliation.HAMLET_HEAD,
        it_major=True,
    )
    MembershipFactory(member=link, team=area.team1, role=TeamRole.MEMBER)
    at_sum = MemberFactory(full_name=SUM, ward=area.vi_tan)
    MembershipFactory(member=at_sum, team=area.team1, role=TeamRole.MEMBER)
    HamletFactory(ward=area.vi_tan, name=LINK)
    WardFactory(province=area.can_tho, code="31399", name=SUM, short_name=SUM)
    area.team1.name = "-" + area.team1.name
    area.team1.save()
    return link


def _csv(client, viewset, **params):
    response = client.get(reverse(f"{viewset}:index"), {"export": "csv", **params})
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    return response, data


def _csv_rows(data):
    assert data.startswith("\ufeff".encode()), "no BOM"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _xlsx(client, viewset):
    response = client.get(reverse(f"{viewset}:index"), {"export": "xlsx"})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _assert_no_formula_text(cells):
    """No text a spreadsheet would run; a number ("-1" in a CSV) is a number."""
    for value in cells:
        if isinstance(value, str) and not re.fullmatch(r"-?\d+(\.\d+)?", value):
            assert not value.startswith(FORMULA_TRIGGERS), value


# -- Formulas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewset", EXPORTS)
def test_csv_exports_neutralise_formulas(client, area, users, hostile, viewset):
    client.force_login(users.province_officer)
    _, data = _csv(client, viewset)
    rows = _csv_rows(data)
    cells = [cell for r in rows for cell in r]
    _assert_no_formula_text(cells)
    hostile_cells = [c for c in cells if "HYPERLINK" in c or "SUM(" in c or c.startswith("'-")]
    assert hostile_cells, "the hostile names are in the export"
    assert all(c.startswith("'") for c in hostile_cells)


@pytest.mark.parametrize("viewset", EXPORTS)
def test_xlsx_exports_hold_no_formula(client, area, users, hostile, viewset):
    client.force_login(users.province_officer)
    sheet = load_workbook(io.BytesIO(_xlsx(client, viewset))).active
    cells = [cell for r in sheet.iter_rows() for cell in r]
    assert all(cell.data_type != "f" for cell in cells)
    _assert_no_formula_text(cell.value for cell in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    hostile_cells = [v for v in texts if "HYPERLINK" in v or "SUM(" in v or v.startswith("'-")]
    assert hostile_cells and all(v.startswith("'") for v in hostile_cells)


def test_certificate_exports_neutralise_formulas(client, area, users, hostile, site_pages):
    from certificates.services import certificate_issue
    from courses.models import CourseCompletion
    from tests.factories.certificates import CertificateTemplateFactory
    from tests.factories.courses import course_page

    course = course_page(
        title="=Kỹ năng số", estimated_hours=8, certificate_template=CertificateTemplateFactory()
    )
    CourseCompletion.objects.create(
        member=hostile, course=course, completed_on=datetime.date(2026, 11, 1)
    )
    certificate = certificate_issue(member=hostile, course=course, by=users.admin)
    client.force_login(users.province_officer)
    _, data = _csv(client, "certificates_certificate")
    rows = _csv_rows(data)
    cells = [c for r in rows for c in r]
    _assert_no_formula_text(cells)
    assert "'" + LINK in cells and "'=Kỹ năng số" in cells
    assert certificate.issued_on.strftime("%d/%m/%Y") in cells
    assert not RAW_CODES & set(cells) and "valid" not in cells
    sheet = load_workbook(io.BytesIO(_xlsx(client, "certificates_certificate"))).active
    values = [c for r in sheet.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in values)
    assert "'" + LINK in [c.value for c in values]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_evaluates_no_formula(client, area, users, hostile, tmp_path):
    client.force_login(users.province_officer)
    source = tmp_path / "thanh-vien.xlsx"
    source.write_bytes(_xlsx(client, "teams_member"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader(io.StringIO((tmp_path / "thanh-vien.csv").read_text("utf-8"))))
    names = [r[0] for r in rows[1:]]
    # Evaluated, the two would read "y" and "2".
    assert "'" + LINK in names and "'" + SUM in names
    assert "y" not in names and "2" not in names


# -- Labels, dates, BOM (16.13) -----------------------------------------------------------------


def test_member_csv_speaks_vietnamese(client, area, users, hostile):
    client.force_login(users.ward_officer)
    response, data = _csv(client, "teams_member")
    assert "charset=utf-8" in response["Content-Type"]
    rows = _csv_rows(data)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Họ và tên", "Ngày sinh", "Giới tính", "Số điện thoại"]
    assert "Thôn/ấp/tổ dân phố" in header and "Xã/phường" in header
    line = dict(zip(header, next(r for r in body if r[0] == "'" + LINK), strict=True))
    assert line["Ngày sinh"] == "09/07/1992"
    assert line["Giới tính"] == "Nữ"
    assert line["Đơn vị công tác"] == "Trưởng thôn, tổ trưởng tổ dân phố" or line[
        "Đơn vị công tác"
    ] == str(Affiliation.HAMLET_HEAD.label)
    assert line["Chuyên ngành CNTT"] == "Có"
    assert line["Thôn/ấp/tổ dân phố"] == str(area.kv1)
    assert line["Chức vụ trong tổ"] == "Tổ viên"
    assert line["Ngày tham gia"] == "01/09/2025"
    cells = {c for r in body for c in r}
    assert not RAW_CODES & cells


def test_team_and_hamlet_csv_use_labels_and_dates(client, area, users):
    client.force_login(users.ward_officer)
    rows = _csv_rows(_csv(client, "teams_team")[1])
    cells = {c for r in rows for c in r}
    assert "01/08/2025" in cells  # founded_on
    assert not RAW_CODES & cells and "2025-08-01" not in cells
    rows = _csv_rows(_csv(client, "teams_hamlet")[1])
    cells = {c for r in rows for c in r}
    assert "Có" in cells and not RAW_CODES & cells


def test_member_xlsx_has_real_dates_shown_dd_mm_yyyy_and_prints_on_a4(client, area, users):
    client.force_login(users.ward_officer)
    sheet = load_workbook(io.BytesIO(_xlsx(client, "teams_member"))).active
    header = [c.value for c in sheet[1]]
    leader = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == area.leader.full_name)
    born = leader[header.index("Ngày sinh")]
    assert born.value == datetime.datetime(1990, 5, 1) and born.number_format == "DD/MM/YYYY"
    assert leader[header.index("Giới tính")].value == "Nam"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.print_title_rows == "$1:$1"


# -- Round trip ---------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_member_export_imports_back_with_no_change(client, area, users, hostile, file_format):
    client.force_login(users.ward_officer)
    if file_format == "csv":
        data = _csv(client, "teams_member")[1]
    else:
        data = _xlsx(client, "teams_member")
    upload = SimpleUploadedFile(f"thanh-vien.{file_format}", data)
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.errors == []
    assert report.total_rows == 4  # Mai, Hùng and the two hostile names
    assert (report.created, report.updated, report.unchanged) == ([], [], 4)
    assert (report.memberships_created, report.memberships_updated) == (0, 0)
    assert (report.hamlets_created, report.teams_created) == ([], [])


# -- Report files (lms/reports) -----------------------------------------------------------------


def test_report_csv_and_xlsx_neutralise_unit_and_course_names():
    from lms.reports.exports import ExportMeta, report_csv, report_xlsx
    from lms.reports.tables import Column, Table

    table = Table(
        caption="Bảng",
        columns=[Column("unit", LINK, kind="text"), Column("n", "Số người")],
        rows=[{"unit": SUM, "n": 3}, {"unit": "-1 Xã", "n": -1}],
        totals={"n": 2},
    )
    meta = ExportMeta(
        title="Báo cáo", unit="=Đơn vị", period="2026", generated_on=datetime.date(2026, 1, 2)
    )
    cells = [c for r in _csv_rows(report_csv([table], meta)) for c in r]
    _assert_no_formula_text(cells)
    assert {"'" + SUM, "'-1 Xã", "'" + LINK, "'=Đơn vị"} <= set(cells)
    assert "-1" in cells  # a number stays a number
    sheet = load_workbook(io.BytesIO(report_xlsx([table], meta))).active
    values = [c for r in sheet.iter_rows() for c in r]
    assert all(c.data_type != "f" for c in values)
    _assert_no_formula_text(c.value for c in values)
    assert "'" + SUM in [c.value for c in values]
