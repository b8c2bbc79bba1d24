"""The exported files open and say what a department files: title, unit, period, totals."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from lms.accounts.models import ExportLog
from tests.factories.accounts import AdminFactory

QUERY = {"period": "2026-q3", "province": "92"}


def get(client, name, export, **extra):
    admin = AdminFactory()
    client.force_login(admin)
    return client.get(reverse(f"reports_admin:{name}"), {**QUERY, **extra, "export": export})


def pdf_text(data):
    if shutil.which("pdftotext"):
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
    pytest.skip("pdftotext not installed")


@pytest.mark.django_db
class XlsxTests:
    def test_coverage_xlsx_has_heading_table_total_and_signatures(self, client, dataset):
        response = get(client, "coverage", "xlsx")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [list(row) for row in sheet.iter_rows(values_only=True)]
        flat = [str(value) for row in cells for value in row if value is not None]
        assert "BÁO CÁO ĐỘ BAO PHỦ TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG" in flat
        assert "Đơn vị: Thành phố Cần Thơ" in flat
        assert "Kỳ báo cáo: 01/07/2026 – 30/09/2026" in flat
        assert any(value.startswith("Ngày lập báo cáo: ") for value in flat)
        assert "Xã, phường" in flat and "Số thôn, tổ dân phố" in flat
        total = next(row for row in cells if row[0] == "Tổng cộng")
        assert list(total[1:6]) == [4, 3, 75.0, 4, 5]
        assert "NGƯỜI LẬP BIỂU" in flat and "THỦ TRƯỞNG ĐƠN VỊ" in flat
        assert any("ngày" in value and "tháng" in value and "năm" in value for value in flat)
        # Aggregates only: nothing personal, nothing logged.
        assert not ExportLog.objects.exists()

    def test_staffing_xlsx_has_grouped_headings(self, client, dataset):
        response = get(client, "staffing", "xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        flat = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        assert "BÁO CÁO NHÂN LỰC TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG" in flat
        for heading in ("Chức vụ trong tổ", "Giới tính", "Độ tuổi", "Trình độ CNTT", "Tổ trưởng"):
            assert heading in flat
        assert "Có chứng nhận theo chủ đề" in flat

    def test_activity_xlsx_has_its_three_tables(self, client, dataset):
        response = get(client, "activity", "xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        flat = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        for caption in (
            "Buổi tập huấn theo đơn vị tổ chức",
            "Học viên theo khóa học",
            "Chứng nhận đã cấp theo tháng",
        ):
            assert caption in flat
        assert "08/2026" in flat


@pytest.mark.django_db
class CsvTests:
    def test_csv_starts_with_bom_and_reads_in_vietnamese(self, client, dataset):
        response = get(client, "coverage", "csv")
        assert response.status_code == 200
        assert response.content.startswith(b"\xef\xbb\xbf")
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0] == "Báo cáo độ bao phủ Tổ công nghệ số cộng đồng"
        assert "Phường Vị Tân,3,2,66.7,3,4,3,75.0,1,25.0" in text
        assert "Tổng cộng,4,3,75.0,4,5,3,60.0,2,40.0" in text


@pytest.mark.django_db
class PdfTests:
    def test_pdf_has_the_vietnamese_title_and_totals(self, client, dataset):
        response = get(client, "coverage", "pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        text = pdf_text(response.content)
        assert "BÁO CÁO ĐỘ BAO PHỦ TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG" in " ".join(text.split())
        assert "Tổng cộng" in text
        assert "NGƯỜI LẬP BIỂU" in text

    def test_staffing_pdf_renders_landscape(self, client, dataset):
        response = get(client, "staffing", "pdf")
        assert response.status_code == 200
        assert "BÁO CÁO NHÂN LỰC TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG" in " ".join(
            pdf_text(response.content).split()
        )
