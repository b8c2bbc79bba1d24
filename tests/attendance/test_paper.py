import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.attendance.choices import AttendanceStatus, CheckInMethod
from courses.attendance.models import AttendanceChange
from courses.attendance.sheets import table_xlsx
from lms.accounts.models import ExportLog
from tests.factories.teams import MembershipFactory

pytestmark = pytest.mark.django_db
S = AttendanceStatus


def pdf_text(data):
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        )
        return result.stdout.decode("utf-8")
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class SignInSheetTests:
    def test_pdf_renders_vietnamese(self, client, session, team, trainer):
        session.title = "Tập huấn phòng chống lừa đảo trực tuyến"
        session.save()
        MembershipFactory(team=team, member__full_name="Nguyễn Thị Hồng Nhung")
        session.target_teams.add(team)
        from courses.attendance.services import session_roster_build

        session_roster_build(session=session)
        client.force_login(trainer)
        response = client.get(reverse("attendance:sheet_pdf", args=[session.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "PHIẾU KÝ TÊN THAM DỰ TẬP HUẤN" in text
        assert "Nguyễn Thị Hồng Nhung" in text
        assert "Tập huấn phòng chống lừa đảo trực tuyến" in text
        assert "Chữ ký" in text
        assert b"BeVietnamPro" in response.content


def upload(name, content):
    return SimpleUploadedFile(name, content)


def csv_bytes(rows):
    return ("\n".join(",".join(r) for r in rows)).encode("utf-8")


class SheetUploadTests:
    def test_good_csv_applied(self, client, session, roster, trainer):
        client.force_login(trainer)
        body = csv_bytes(
            [
                ["STT", "Họ và tên", "Số điện thoại", "Tổ", "Trạng thái", "Ghi chú"],
                ["1", roster[0].full_name, roster[0].phone, "", "Có mặt", ""],
                ["2", roster[1].full_name, roster[1].phone, "", "đi muộn", "8h20"],
                ["3", roster[2].full_name, roster[2].phone, "", "Vắng có phép", "Ốm"],
            ]
        )
        response = client.post(
            reverse("attendance:sheet_upload", args=[session.pk]),
            {"file": upload("phieu.csv", body)},
        )
        assert response.status_code == 302
        got = dict(session.attendances.values_list("member_id", "status"))
        assert got == {roster[0].pk: S.PRESENT, roster[1].pk: S.LATE, roster[2].pk: S.EXCUSED}
        assert session.attendances.get(member=roster[1]).method == CheckInMethod.SHEET
        assert AttendanceChange.objects.count() == 3

    def test_bad_rows_save_nothing(self, client, session, roster, trainer):
        client.force_login(trainer)
        table = [
            ["STT", "Họ và tên", "Số điện thoại", "Tổ", "Trạng thái", "Ghi chú"],
            [1, roster[0].full_name, roster[0].phone, "", "Có mặt", ""],
            [2, "", "0977777777", "", "Có mặt", ""],
            [3, roster[1].full_name, roster[1].phone, "", "có lẽ", ""],
            [4, roster[0].full_name, roster[0].phone, "", "Có mặt", ""],
        ]
        response = client.post(
            reverse("attendance:sheet_upload", args=[session.pk]),
            {"file": upload("phieu.xlsx", table_xlsx(table, title="x"))},
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert "Chưa lưu gì" in page
        assert (
            "Dòng 3: số điện thoại 0977777777 không thuộc phạm vi của buổi tập huấn hoặc chưa có "
            "trong danh sách thành viên"
        ) in page
        assert "Dòng 4: trạng thái “có lẽ” không hợp lệ" in page
        assert "Dòng 5: số điện thoại" in page and "trùng với dòng 2" in page
        assert set(session.attendances.values_list("status", flat=True)) == {S.NOT_MARKED}
        assert session.attendances.count() == 3
        assert not AttendanceChange.objects.exists()

    def test_walk_in_lines_add_registered_people_of_the_area(
        self, client, session, roster, trainer
    ):
        from tests.factories.teams import MemberFactory

        registered = MemberFactory(phone="0966666666", ward=session.organiser_ward)
        client.force_login(trainer)
        body = csv_bytes(
            [
                ["Họ và tên", "Số điện thoại", "Trạng thái", "Ghi chú"],
                [roster[0].full_name, roster[0].phone, "Có mặt", ""],
                ["", "0966 666 666", "Đi muộn", ""],
            ]
        )
        response = client.post(
            reverse("attendance:sheet_upload", args=[session.pk]),
            {"file": upload("phieu.csv", body)},
        )
        assert response.status_code == 302
        rows = {a.member_id: a for a in session.attendances.all()}
        assert rows[registered.pk].status == S.LATE and rows[registered.pk].invited is False
        assert len(rows) == 4

    def test_wrong_file_type_and_missing_columns(self, client, session, roster, trainer):
        client.force_login(trainer)
        url = reverse("attendance:sheet_upload", args=[session.pk])
        response = client.post(url, {"file": upload("phieu.txt", b"abc")})
        assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()
        response = client.post(url, {"file": upload("phieu.csv", b"Ho ten,Ghi chu\nA,B\n")})
        assert "thiếu cột" in response.content.decode()

    def test_upload_after_close_needs_reason(self, client, session, roster, trainer):
        from courses.attendance.services import session_close

        session_close(session=session, by=trainer)
        client.force_login(trainer)
        body = csv_bytes([["Số điện thoại", "Trạng thái"], [roster[0].phone, "Có mặt"]])
        url = reverse("attendance:sheet_upload", args=[session.pk])
        response = client.post(url, {"file": upload("p.csv", body)})
        assert "phải ghi lý do" in response.content.decode()
        assert session.attendances.get(member=roster[0]).status == S.ABSENT
        response = client.post(url, {"file": upload("p.csv", body), "reason": "Nhập phiếu giấy"})
        assert response.status_code == 302
        assert session.attendances.get(member=roster[0]).status == S.PRESENT
        assert (
            AttendanceChange.objects.filter(after_close=True, reason="Nhập phiếu giấy").count() == 1
        )

    def test_roster_export_is_logged_and_round_trips(self, client, session, roster, ward_officer):
        client.force_login(ward_officer)
        response = client.get(reverse("attendance:roster_export", args=[session.pk, "csv"]))
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert roster[0].phone in text  # the ward officer may see phone numbers
        log = ExportLog.objects.get()
        assert (log.user, log.export, log.row_count) == (ward_officer, "attendance.roster", 3)
        filled = text.replace(f"{roster[0].phone},,,", f"{roster[0].phone},,Có mặt,")
        lines = text.strip().splitlines()
        lines[1] = lines[1].rstrip(",") + ",Có mặt,"
        filled = "\n".join(lines)
        session.trainers.add(ward_officer)
        response = client.post(
            reverse("attendance:sheet_upload", args=[session.pk]),
            {"file": upload("p.csv", filled.encode("utf-8"))},
        )
        assert response.status_code == 302
        assert session.attendances.filter(status=S.PRESENT).count() == 1

    def test_trainer_export_hides_phones(self, client, session, roster, trainer):
        client.force_login(trainer)
        response = client.get(reverse("attendance:roster_export", args=[session.pk, "xlsx"]))
        assert response.status_code == 200
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]][:4] == ["STT", "Mã dòng", "Họ và tên", "Số điện thoại"]
        phones = [row[3].value for row in sheet.iter_rows(min_row=2)]
        assert phones == [None, None, None]
        assert ExportLog.objects.filter(user=trainer).count() == 1
