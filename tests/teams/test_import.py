import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from teams.choices import Affiliation, ITQualification, TeamRole
from teams.models import (
    CommunityTeam,
    Hamlet,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    LegacyWardMapping,
    Member,
    Membership,
    PendingImport,
)
from teams.services import member_import, pending_import_store, pending_import_take
from teams.spreadsheets import SpreadsheetError, template_xlsx
from teams.views import IMPORT_SESSION_KEY
from tests.factories.teams import MembershipFactory, TeamFactory

HEADERS = [
    "HỌ VÀ TÊN",  # case and accents vary in real files
    "ngay sinh",
    "Giới tính",
    "Số điện thoại",
    "Email",
    "Số CCCD",
    "Chức vụ trong tổ",
    "Đơn vị công tác",
    "Trình độ CNTT",
    "Thôn/ấp/tổ dân phố",
    "Xã/phường",
    "Tỉnh/thành phố",
    "Ngày tham gia",
    "Ghi chú",  # an extra column is ignored
]


COLUMN_KEYS = [  # the fields under HEADERS, in order
    "full_name",
    "date_of_birth",
    "gender",
    "phone",
    "email",
    "cccd",
    "role",
    "affiliation",
    "it_qualification",
    "hamlet",
    "ward",
    "province",
    "joined_on",
    "note",
]


def row(full_name, phone, hamlet="Khu vực 1", ward="Vị Tân", province="Cần Thơ", **cells):
    """One line of a file with HEADERS; the cells not named are blank."""
    values = dict(
        full_name=full_name, phone=phone, hamlet=hamlet, ward=ward, province=province, **cells
    )
    assert set(values) <= set(COLUMN_KEYS), set(values) - set(COLUMN_KEYS)
    return [values.get(key, "") for key in COLUMN_KEYS]


def good_rows():
    return [
        row(
            "Nguyễn Văn An",
            912345001,  # Excel turned the phone into a number and dropped the 0
            "Khu vực 1",
            "Phường Vị Tân",
            "Thành phố Cần Thơ",
            date_of_birth=datetime.datetime(1990, 3, 15),  # a real Excel date
            gender="Nam",
            email="an@example.vn",
            cccd="092090000001",
            role="Tổ viên",
            affiliation="Đoàn thanh niên",
            it_qualification="Đại học",
            joined_on="01/09/2025",
            note="ghi chú bất kỳ",
        ),
        row(
            "Võ Thị Thu Hà",
            "0912 345 002",
            "Khu phố Khu vực 2",
            "vi tan",
            date_of_birth="20/11/1988",
            gender="Nữ",
            role="Tổ trưởng",
            affiliation="giáo viên",
            it_qualification="Cao đẳng",
            joined_on=datetime.datetime(2025, 9, 1),
        ),
        # already registered: matched on phone, nothing to change
        row(
            "Trần Thị Mai",
            "0912000005",
            "Khu vực 1",
            "Phường Vị Tân",
            "Thành phố Cần Thơ",
            date_of_birth="01/05/1990",
            role="Tổ trưởng",
        ),
    ]


def xlsx_bytes(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, bom=True):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [v.strftime("%d/%m/%Y") if isinstance(v, datetime.datetime) else v for v in row]
        )
    return (buffer.getvalue()).encode("utf-8-sig" if bom else "utf-8")


def state():
    return (
        Member.objects.count(),
        Membership.objects.count(),
        Hamlet.objects.count(),
        CommunityTeam.objects.count(),
        sorted(Member.objects.values_list("phone", "full_name", "updated_at")),
    )


class GoodFileTests:
    def test_xlsx_with_vietnamese_headers_imports_everything(self, area):
        report = member_import(
            file=xlsx_bytes(good_rows()), file_name="danh sach.xlsx", dry_run=False
        )
        assert report.saved and not report.errors, report.errors
        assert [r[0] for r in report.created] == [2, 3]
        assert report.unchanged == 1
        assert report.ignored_headers == ["Ghi chú"]
        an = Member.objects.get(phone="0912345001")
        assert an.date_of_birth == datetime.date(1990, 3, 15)
        assert an.affiliation == Affiliation.YOUTH_UNION
        assert an.it_qualification == ITQualification.UNIVERSITY
        assert an.memberships.get().team == area.team1
        ha = Member.objects.get(phone="0912345002")
        # Khu vực 2 had no team: one is registered for it, with Hà as leader.
        team = CommunityTeam.objects.get(hamlet=area.kv2)
        assert ha.memberships.get().team == team and ha.memberships.get().role == TeamRole.LEADER
        assert ha.memberships.get().joined_on == datetime.date(2025, 9, 1)
        assert report.teams_created == [team.name]

    def test_csv_with_bom_and_reimport_changes_nothing(self, area):
        data = csv_bytes(good_rows())
        assert data.startswith(b"\xef\xbb\xbf")
        first = member_import(file=data, file_name="ds.csv", dry_run=False)
        assert first.saved, first.errors
        before = state()
        second = member_import(file=data, file_name="ds.csv", dry_run=False)
        assert second.saved
        assert second.created == [] and second.updated == [] and second.unchanged == 3
        assert second.memberships_created == 0 and second.teams_created == []
        assert state() == before

    def test_csv_without_bom_semicolons(self, area):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(
            ["Họ và tên", "Số điện thoại", "Thôn/ấp/tổ dân phố", "Xã/phường", "Tỉnh/thành phố"]
        )
        writer.writerow(["Phạm Minh Tuấn", "0912345003", "Khu vực 1", "Vị Tân", "Cần Thơ"])
        report = member_import(file=buffer.getvalue().encode(), file_name="a.CSV", dry_run=False)
        assert report.saved, report.errors
        assert Member.objects.filter(phone="0912345003", ward=area.vi_tan).exists()

    def test_dry_run_reports_and_saves_nothing(self, area):
        before = state()
        report = member_import(file=xlsx_bytes(good_rows()), file_name="a.xlsx", dry_run=True)
        assert report.ok and not report.saved
        assert len(report.created) == 2 and report.memberships_created == 2
        assert report.teams_created and state() == before

    def test_update_only_changes_given_values(self, area):
        rows = [row("Lê Văn Hùng", "0912000101", affiliation="Công an")]
        report = member_import(file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False)
        assert [(r[0], r[2]) for r in report.updated] == [(2, ["đơn vị công tác"])]
        area.shy.refresh_from_db()
        assert area.shy.affiliation == Affiliation.POLICE
        assert area.shy.date_of_birth == datetime.date(1985, 5, 1)  # blank cell kept it


class BadFileTests:
    def test_bad_rows_save_nothing_and_every_error_is_reported(self, area):
        rows = good_rows()
        rows[0][3] = "0123"  # row 2: phone
        rows[1][1] = "31/02/1988"  # row 3: date
        rows[1][8] = "Tiến sĩ khoa học"  # row 3: qualification
        rows.append(list(rows[2]))  # row 5: same phone as row 4
        rows.append(row("Ai Đó", "0912345009", "Khu vực 9"))
        before = state()
        report = member_import(file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False)
        assert not report.saved and state() == before
        found = {(e.row, e.column.split(" ")[0]) for e in report.errors}
        # row 5 repeats row 4: same phone, and a second leader for the same team
        assert found == {(2, "D"), (3, "B"), (3, "I"), (5, "D"), (5, "G"), (6, "J")}
        messages = " ".join(e.message for e in report.errors)
        assert "không hợp lệ" in messages and "trùng với dòng 4" in messages
        assert "chưa có thôn" in messages

    def test_unknown_hamlet_created_only_when_asked(self, area):
        rows = [row("Ai Đó", "0912345009", "Ấp Tân Lợi")]
        assert not member_import(file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False).ok
        report = member_import(
            file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False, create_hamlets=True
        )
        assert report.saved
        hamlet = Hamlet.objects.get(ward=area.vi_tan, name="Tân Lợi")
        assert hamlet.kind == "ap" and CommunityTeam.objects.filter(hamlet=hamlet).exists()

    @pytest.mark.parametrize(
        "name,data",
        [
            ("danh-sach.xls", b"\xd0\xcf\x11\xe0"),
            ("../../etc/passwd", b"root:x:0:0"),
            ("fake.xlsx", b"not a zip file"),
            ("latin1.csv", "Họ và tên;Số điện thoại\nTrần Văn Bé;0912345678".encode("utf-16")),
        ],
    )
    def test_wrong_files_rejected(self, area, name, data):
        with pytest.raises(SpreadsheetError):
            member_import(file=data, file_name=name, dry_run=False)

    @override_settings(LMS_MAX_IMPORT_SIZE=1000)
    def test_oversized_file_rejected(self, area):
        with pytest.raises(SpreadsheetError, match="quá lớn"):
            member_import(file=xlsx_bytes(good_rows()), file_name="a.xlsx")

    def test_missing_required_header(self, area):
        with pytest.raises(SpreadsheetError, match="Số điện thoại"):
            member_import(file=xlsx_bytes([["An"]], headers=["Họ và tên"]), file_name="a.xlsx")


class LegacyNameTests:
    def test_old_ward_name_resolves_with_a_warning(self, area):
        hau_giang = LegacyProvince.objects.create(
            code="93",
            name="Tỉnh Hậu Giang",
            short_name="Hậu Giang",
            name_key="hau giang",
            successor=area.can_tho,
        )
        district = LegacyDistrict.objects.create(
            code="930",
            province=hau_giang,
            name="Thành phố Vị Thanh",
            short_name="Vị Thanh",
            district_type="thanh_pho",
            name_key="vi thanh",
        )
        old = LegacyWard.objects.create(
            key="tinhhaugiang_thanhphovithanh_xavitan",
            code="31333x"[:5],
            district=district,
            province=hau_giang,
            name="Xã Vị Tân (cũ)",
            short_name="Vị Tân Cũ",
            name_key="vi tan cu",
        )
        LegacyWardMapping.objects.create(legacy_ward=old, ward=area.vi_tan)
        rows = [row("Đinh Văn Cũ", "0912345010", "Khu vực 1", "Xã Vị Tân Cũ", "Hậu Giang")]
        report = member_import(file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False)
        assert report.saved, report.errors
        assert Member.objects.get(phone="0912345010").ward == area.vi_tan
        assert report.warnings and report.warnings[0].row == 2
        assert "trước 01/07/2025" in report.warnings[0].message


class ScopeTests:
    def test_ward_officer_cannot_import_into_another_ward(self, area, users):
        rows = [row("Ai Đó", "0912345011", "Khu vực 4", "Vị Thanh")]
        report = member_import(
            file=xlsx_bytes(rows),
            file_name="a.xlsx",
            user=users.ward_officer,
            ward=area.vi_tan,
            dry_run=False,
        )
        assert not report.saved and report.errors[0].row == 2
        assert not Member.objects.filter(phone="0912345011").exists()

    def test_province_officer_outside_province(self, area, users):
        rows = [row("Ai Đó", "0912345012")]
        report = member_import(
            file=xlsx_bytes(rows),
            file_name="a.xlsx",
            user=users.other_province_officer,
            dry_run=False,
        )
        assert not report.saved and "phạm vi" in report.errors[0].message


class CommandTests:
    def test_command_dry_run_then_real(self, area, tmp_path, capsys):
        path = tmp_path / "ds.xlsx"
        path.write_bytes(xlsx_bytes(good_rows()))
        call_command("import_members", str(path), "--dry-run")
        assert "Chạy thử" in capsys.readouterr().out
        assert not Member.objects.filter(phone="0912345001").exists()
        call_command("import_members", str(path), "--ward", "31333")
        assert Member.objects.filter(phone="0912345001").exists()

    def test_command_exits_non_zero_on_bad_rows(self, area, tmp_path, capsys):
        rows = good_rows()
        rows[1][3] = "12"
        path = tmp_path / "ds.csv"
        path.write_bytes(csv_bytes(rows))
        with pytest.raises(CommandError, match="không lưu gì"):
            call_command("import_members", str(path))
        assert "Dòng 3, cột D" in capsys.readouterr().err
        assert not Member.objects.filter(phone="0912345001").exists()

    def test_command_refuses_other_ward(self, area, tmp_path):
        path = tmp_path / "ds.xlsx"
        path.write_bytes(xlsx_bytes(good_rows()))
        with pytest.raises(CommandError):
            call_command("import_members", str(path), "--ward", "31321")

    def test_missing_file(self, db):
        with pytest.raises(CommandError, match="Không tìm thấy"):
            call_command("import_members", "/nonexistent/ds.xlsx")


def test_query_count_does_not_grow_with_rows(area, django_assert_max_num_queries):
    def rows(n, offset):
        return [
            (
                i + 2,
                {
                    "full_name": f"Người {i}",
                    "phone": f"0913{offset + i:06d}",
                    "hamlet": "Khu vực 1",
                    "ward": "Vị Tân",
                    "province": "Cần Thơ",
                },
            )
            for i in range(n)
        ]

    with django_assert_max_num_queries(40):
        assert member_import(rows=rows(20, 0), dry_run=False).saved
    with django_assert_max_num_queries(40):
        assert member_import(rows=rows(400, 1000), dry_run=False).saved
    assert Member.objects.count() == 3 + 420


def test_template_is_a_valid_import_file(area):
    workbook = load_workbook(io.BytesIO(template_xlsx()))
    headers = [c.value for c in workbook.active[1]]
    assert headers[:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
    report = member_import(file=template_xlsx(), file_name="mau.xlsx", dry_run=True)
    assert report.ok and len(report.created) == 1


def test_same_person_twice_and_second_leader_rejected(area):
    rows = [
        # row 2: Mai by phone; row 3: Mai again by CCCD with another phone
        row("Trần Thị Mai", "0912000005"),
        row("Trần Thị Mai", "0912345020", cccd="092190000005"),
        # row 4: a new leader for Khu vực 1, which already has Mai as leader
        row("Ngô Văn Mới", "0912345021", role="Tổ trưởng"),
    ]
    report = member_import(file=xlsx_bytes(rows), file_name="a.xlsx", dry_run=False)
    assert not report.saved
    assert [(e.row, e.column.split(" ")[0]) for e in report.errors] == [(3, "D"), (4, "G")]
    assert not Member.objects.filter(phone__in=["0912345020", "0912345021"]).exists()


# --- The upload between preview and confirmation (admin page) ------------------------------------

EXPIRED = "Phiên nhập đã hết hạn"


def preview(client, data=None):
    """The admin page's first step: upload, get the preview and its confirmation token."""
    upload = SimpleUploadedFile("ds.xlsx", data or xlsx_bytes(good_rows()))
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200 and "token" in response.context
    return response.context["token"]


def confirm(client, token):
    return client.post(reverse("teams_member:import"), {"token": token})


def refused(response):
    """Sent back to the upload form with the "expired" message."""
    flashed = [str(m) for m in get_messages(response.wsgi_request)]
    return (
        response.status_code == 302
        and response.url == reverse("teams_member:import")
        and any(EXPIRED in m for m in flashed)
    )


def age(token, **delta):
    PendingImport.objects.filter(pk=token).update(
        created_at=timezone.now() - datetime.timedelta(**delta)
    )


class PendingUploadTests:
    def test_file_waits_in_the_database_not_on_disk(self, client, area, users, settings, tmp_path):
        settings.VAR_DIR = tmp_path  # where the uploads used to wait
        client.force_login(users.ward_officer)
        data = xlsx_bytes(good_rows())
        token = preview(client, data)
        pending = PendingImport.objects.get()
        assert (pending.token, pending.user, pending.suffix) == (
            token,
            users.ward_officer,
            ".xlsx",
        )
        assert bytes(pending.data) == data
        assert list(tmp_path.iterdir()) == []
        # The session (shared by the app servers) holds the token and choices, not the file.
        assert client.session[IMPORT_SESSION_KEY] == {
            "token": token,
            "name": "ds.xlsx",
            "create_hamlets": False,
            "ward": area.vi_tan.pk,
        }
        response = confirm(client, token)
        assert response.status_code == 302 and response.url == reverse("teams_member:index")
        assert Member.objects.filter(phone__in=["0912345001", "0912345002"]).count() == 2
        assert not PendingImport.objects.exists()
        assert IMPORT_SESSION_KEY not in client.session
        assert list(tmp_path.iterdir()) == []

    def test_token_cannot_be_replayed(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        session_data = client.session[IMPORT_SESSION_KEY]
        assert confirm(client, token).status_code == 302
        assert Member.objects.count() == 5
        assert refused(confirm(client, token))
        # Even with the session as it was (a second click racing the first), the row is gone.
        session = client.session
        session[IMPORT_SESSION_KEY] = session_data
        session.save()
        assert refused(confirm(client, token))
        assert Member.objects.count() == 5

    def test_another_users_token_is_refused(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        session_data = client.session[IMPORT_SESSION_KEY]
        client.force_login(users.province_officer)
        assert refused(confirm(client, token))  # not in their session
        session = client.session
        session[IMPORT_SESSION_KEY] = session_data  # even if it were
        session.save()
        assert refused(confirm(client, token))
        assert not Member.objects.filter(phone="0912345001").exists()
        # The owner's upload is untouched and still confirms.
        assert pending_import_take(user=users.province_officer, token=token) is None
        assert PendingImport.objects.filter(pk=token).exists()
        assert pending_import_take(user=users.ward_officer, token=token) is not None

    def test_token_other_than_the_sessions_is_refused(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        assert refused(confirm(client, "0" * 32))
        assert refused(confirm(client, "mã-giả"))  # non-ASCII: refused, not a server error
        assert PendingImport.objects.filter(pk=token).exists()
        assert confirm(client, token).url == reverse("teams_member:index")

    def test_upload_older_than_a_day_is_refused_and_dropped(self, client, area, users):
        client.force_login(users.ward_officer)
        token = preview(client)
        age(token, days=1, minutes=1)
        assert refused(confirm(client, token))
        assert not Member.objects.filter(phone="0912345001").exists()
        assert not PendingImport.objects.exists()

    def test_new_preview_replaces_the_one_waiting(self, client, area, users):
        client.force_login(users.ward_officer)
        first = preview(client)
        second = preview(client)
        assert list(PendingImport.objects.values_list("pk", flat=True)) == [second]
        assert refused(confirm(client, first))
        assert confirm(client, second).url == reverse("teams_member:index")

    def test_confirmation_that_finds_errors_shows_them_and_drops_the_upload(
        self, client, area, users
    ):
        client.force_login(users.ward_officer)
        token = preview(client)
        # Between preview and confirmation Khu vực 2 gets a team with a leader; the file
        # names Hà as its leader.
        MembershipFactory(team=TeamFactory(hamlet=area.kv2), role=TeamRole.LEADER)
        before = state()
        response = confirm(client, token)
        assert response.status_code == 200
        assert [(e.row, e.column[0]) for e in response.context["report"].errors] == [(3, "G")]
        page = response.content.decode()
        assert "Tổ đã có tổ trưởng" in page and "Xác nhận nhập" not in page
        assert state() == before
        assert not PendingImport.objects.exists() and IMPORT_SESSION_KEY not in client.session
        assert refused(confirm(client, token))


class PendingServiceTests:
    def test_take_once_and_only_by_the_uploader(self, area, users):
        token = pending_import_store(user=users.ward_officer, data=b"a;b\n", suffix=".csv")
        assert len(token) == 32 and token.isalnum()
        assert pending_import_take(user=users.admin, token=token) is None
        assert pending_import_take(user=users.ward_officer, token=token) == (b"a;b\n", ".csv")
        assert pending_import_take(user=users.ward_officer, token=token) is None

    def test_storing_purges_uploads_older_than_a_day(self, area, users):
        old = pending_import_store(user=users.admin, data=b"1", suffix=".csv")
        recent = pending_import_store(user=users.ward_officer, data=b"2", suffix=".csv")
        age(old, hours=24, minutes=1)
        age(recent, hours=23)
        new = pending_import_store(user=users.province_officer, data=b"3", suffix=".xlsx")
        assert set(PendingImport.objects.values_list("pk", flat=True)) == {recent, new}
        assert pending_import_take(user=users.ward_officer, token=recent) == (b"2", ".csv")

    def test_only_spreadsheet_suffixes(self, area, users):
        with pytest.raises(ValidationError):
            pending_import_store(user=users.admin, data=b"MZ", suffix=".exe")
        with pytest.raises(IntegrityError), transaction.atomic():
            PendingImport.objects.create(token="f" * 32, user=users.admin, suffix=".exe", data=b"")
        assert not PendingImport.objects.exists()
