"""The member import service on whole files: good files, bad rows and files, old place
names, scope, query counts and the template."""

import csv
import datetime
import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from lms.core.spreadsheets import SpreadsheetError
from teams.choices import Affiliation, ITQualification, TeamRole
from teams.models import (
    CommunityTeam,
    Hamlet,
    LegacyDistrict,
    LegacyProvince,
    LegacyWard,
    LegacyWardMapping,
    Member,
)
from teams.services import member_import
from teams.spreadsheets import template_xlsx
from tests.teams.member_files import csv_bytes, good_rows, row, state, xlsx_bytes


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
