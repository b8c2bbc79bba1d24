"""Report files print the way a department prints them (issue 16.14): every XLSX on A4, wide
ones landscape, fitted to the page width, headings repeated on each page; the staffing PDF of
a province readable (column groups in parts, no overlapping headings) and fast."""

import io
import random
import shutil
import subprocess
import time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lms.reports.exports import ExportMeta, report_pdf, report_xlsx
from lms.reports.pdf import MAX_COLUMNS, column_parts
from lms.reports.selectors import PROVINCE
from lms.reports.tables import staffing_tables
from tests.factories.accounts import AdminFactory

QUERY = {"period": "2026-q3", "province": "92"}
KINDS = ["coverage", "staffing", "activity", "attendance"]


def _xlsx(client, kind):
    client.force_login(AdminFactory())
    response = client.get(reverse(f"reports_admin:{kind}"), {**QUERY, "export": "xlsx"})
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_xlsx_prints_on_a4_fitted_to_width(client, dataset, kind):
    sheet = load_workbook(io.BytesIO(_xlsx(client, kind))).active
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9  # A4, not the US Letter default
    assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    width = sheet.max_column
    assert setup.orientation == ("landscape" if width > 6 else "portrait")
    # The heading rows are the ones repeated on every printed page.
    first, last = (int(part.strip("$")) for part in sheet.print_title_rows.split(":"))
    headings = [sheet.cell(row=r, column=1).value for r in range(first, last + 1)]
    assert any(h in {"Xã, phường", "Tổ", "Tỉnh, thành phố"} for h in headings), headings


def province_staffing(rows=150, topics=4):
    topic_list = [{"id": i, "name": f"Chủ đề kỹ năng số {i}"} for i in range(topics)]
    report = SimpleNamespace(level=PROVINCE, rows=[], totals={}, extra={"topics": topic_list})
    keys = [column.key for column in staffing_tables(report)[0].columns[1:]]
    randomiser = random.Random(7)
    report.rows = [
        dict({key: randomiser.randint(0, 300) for key in keys}, name=f"Phường Thử Nghiệm {i}")
        for i in range(rows)
    ]
    report.totals = {key: sum(row[key] for row in report.rows) for key in keys}
    meta = ExportMeta(
        title="Báo cáo nhân lực Tổ công nghệ số cộng đồng",
        unit="Thành phố Cần Thơ",
        period="Năm 2026",
        place="Cần Thơ",
    )
    return staffing_tables(report), meta


def test_wide_tables_split_into_whole_column_groups():
    tables, _meta = province_staffing(rows=1)
    columns = tables[0].columns
    parts = column_parts(columns)
    assert len(columns) > MAX_COLUMNS and len(parts) > 1
    for part in parts:
        assert len(part) <= MAX_COLUMNS
        assert [c.key for c in part[:2]] == ["name", "members"]  # unit and total every time
    groups = [[c.group for c in part if c.group] for part in parts]
    flattened = [g for part in groups for g in dict.fromkeys(part)]
    assert len(flattened) == len(set(flattened))  # no group is cut in two
    assert {c.key for part in parts for c in part} == {c.key for c in columns}


def _tool(name):
    if not shutil.which(name):
        pytest.skip(f"{name} not installed")


@pytest.mark.django_db
def test_staffing_pdf_of_a_province_is_readable_and_fast():
    _tool("pdftotext")
    tables, meta = province_staffing(rows=170)
    report_pdf(tables[:1], meta)  # fonts registered, modules loaded
    started = time.perf_counter()
    data = report_pdf(tables, meta)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True).stdout.decode()
    assert "841.89 x 595.27" in info  # A4 landscape
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "Phần 1/3 – Chức vụ trong tổ, Đơn vị công tác" in text
    assert "Phường Thử Nghiệm 169" in text and "NGƯỜI LẬP BIỂU" in text
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True).stdout.decode()
    font_rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert font_rows and all(row[-5] == "yes" for row in font_rows), fonts


@pytest.mark.django_db
def test_staffing_xlsx_prints_on_a4_in_libreoffice(tmp_path):
    _tool("soffice")
    _tool("pdfinfo")
    tables, meta = province_staffing(rows=170)
    source = tmp_path / "staffing.xlsx"
    source.write_bytes(report_xlsx(tables, meta))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    printed = (tmp_path / "staffing.pdf").read_bytes()
    info = subprocess.run(["pdfinfo", "-"], input=printed, capture_output=True).stdout.decode()
    assert "841.89 x 595.3" in info  # A4 landscape
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 2
    second = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", "-", "-"], input=printed, capture_output=True
    ).stdout.decode()
    assert "Xã, phường" in second and "Chức vụ trong tổ" in second  # headings repeated
