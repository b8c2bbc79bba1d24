"""Import of the paper tally sheet (issue 17.3): all or nothing, errors by Excel row and
column, the same file twice changes nothing, officers in their scope and leaders for their team."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from lms.core.spreadsheets import SpreadsheetError
from teams.choices import TeamRole
from teams.support.imports import MAX_IMPORT_ROWS, columns, support_records_import
from teams.support.models import SupportRecord
from tests.factories.accounts import WardOfficerFactory, member_with_account
from tests.factories.teams import HamletFactory, MembershipFactory, TeamFactory

ADMIN_IMPORT = "/admin/ho-tro/nhat-ky/nhap/"
SITE_IMPORT = "/ho-tro/nhap-phieu/"
HEAD = list(columns().values())


def sheet(*rows, head=None):
    workbook = Workbook()
    ws = workbook.active
    ws.append(head or HEAD)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(team="", day="05/10/2026", place="Tại nhà", people=1, skills=(), **counts):
    keys = list(columns())
    values = {"date": day, "team": team, "place": place, "people": people}
    values.update(dict.fromkeys(skills, "x"))
    values.update(counts)
    return [values.get(k, None) for k in keys]


def upload(data, name="phieu.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture
def team(db):
    return TeamFactory(hamlet__name="Khu vực 1")


@pytest.fixture
def officer(team):
    groups_sync()
    user = WardOfficerFactory(ward=team.ward)
    user_role_groups_sync(user=user)
    return user


@pytest.fixture
def leader(team):
    member = member_with_account(ward=team.ward)
    MembershipFactory(member=member, team=team, role=TeamRole.LEADER)
    return member.user


def confirm_flow(client, url, data, name="phieu.xlsx"):
    preview = client.post(url, {"file": upload(data, name)})
    assert preview.status_code == 200, preview.content.decode()[:500]
    token = preview.context["token"] if "token" in preview.context else None
    if token is None:
        return preview, None
    return preview, client.post(url, {"token": token})


def test_the_template_downloads_with_vietnamese_headers(client, officer):
    client.force_login(officer)
    assert "Tải tệp mẫu (.xlsx)" in client.get(ADMIN_IMPORT).content.decode()
    response = client.get("/admin/ho-tro/nhat-ky/nhap/mau.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    heads = [c.value for c in ws[1]]
    assert heads[:4] == ["Ngày", "Tổ/Thôn", "Nơi hỗ trợ", "Số người"]
    assert "VNeID" in heads and "Cài đặt VNeID" in heads and heads[-1] == "Ghi chú"
    assert int(ws.page_setup.paperSize) == 9 and ws.print_title_rows == "$1:$1"


def test_the_template_as_downloaded_imports(client, officer, team):
    client.force_login(officer)
    data = client.get("/admin/ho-tro/nhat-ky/nhap/mau.xlsx").content
    _preview, done = confirm_flow(client, ADMIN_IMPORT, data)
    assert done.status_code == 302
    record = SupportRecord.objects.get()
    assert (record.team, record.date, record.people, record.vneid_installed) == (
        team,
        datetime.date(2026, 10, 5),
        3,
        2,
    )


def test_an_officer_previews_then_confirms_and_a_second_import_changes_nothing(
    client, officer, team
):
    data = sheet(
        row("Khu vực 1", people=1, skills=["skill_vneid"], vneid_installed=1),
        row("Khu vực 1", day="06/10/2026", place="Lớp", people=20, fraud_warning=20),
        row("Khu vực 1", people=1, skills=["skill_vneid"], vneid_installed=1),  # same as row 2
    )
    client.force_login(officer)
    preview, done = confirm_flow(client, ADMIN_IMPORT, data)
    assert SupportRecord.objects.count() == 3  # two identical lines are two helps
    assert "Sẽ thêm: 3 lượt hỗ trợ (22 người dân)" in preview.content.decode()
    assert done.status_code == 302
    assert all(r.is_tally and r.recorded_by == officer for r in SupportRecord.objects.all())
    # Again: nothing to confirm, nothing added.
    again = client.post(ADMIN_IMPORT, {"file": upload(data)})
    assert "Không có dòng mới" in again.content.decode() and "token" not in again.context
    assert SupportRecord.objects.count() == 3


def test_preview_saves_nothing(client, officer, team):
    client.force_login(officer)
    client.post(ADMIN_IMPORT, {"file": upload(sheet(row("Khu vực 1")))})
    assert SupportRecord.objects.count() == 0


def test_reordered_rows_are_the_same_file(team, officer):
    first = sheet(row(people=1), row(day="06/10/2026", people=2))
    second = sheet(row(day="06/10/2026", people=2), row(people=1))
    teams = [team]
    support_records_import(file=first, file_name="a.xlsx", user=officer, teams=teams, dry_run=False)
    report = support_records_import(
        file=second, file_name="b.xlsx", user=officer, teams=teams, dry_run=False
    )
    assert (report.created, report.existing) == (0, 2)
    assert SupportRecord.objects.count() == 2


def test_errors_are_reported_by_row_and_column_and_nothing_is_saved(client, officer, team):
    data = sheet(
        row("Khu vực 1"),  # good
        row("Khu vực 1", day="32/10/2026"),  # A3
        row("Khu vực 9"),  # B4: unknown
        row("Khu vực 1", place="Chợ"),  # C5
        row("Khu vực 1", people="mười"),  # D6
        row("Khu vực 1", skills=[], skill_cashless="có lẽ"),  # G7
        row("Khu vực 1", people=2, portal_account=5),  # the service: M8
        row("Khu vực 1", day="01/01/2099"),  # the service: A9
    )
    client.force_login(officer)
    preview = client.post(ADMIN_IMPORT, {"file": upload(data)})
    found = {(i.row, i.column) for i in preview.context["report"].errors}
    assert found == {(3, "A"), (4, "B"), (5, "C"), (6, "D"), (7, "G"), (8, "M"), (9, "A")}
    page = preview.content.decode()
    assert "Không có gì được lưu" in page and "Ngày hỗ trợ không thể ở tương lai." in page
    assert "token" not in preview.context
    assert SupportRecord.objects.count() == 0


def test_a_file_without_the_required_columns_is_refused(client, officer):
    client.force_login(officer)
    data = sheet(["Ngày", "Ghi chú"], head=["Ngày", "Ghi chú"])
    page = client.post(ADMIN_IMPORT, {"file": upload(data)}).content.decode()
    assert "thiếu cột: Nơi hỗ trợ, Số người" in page
    assert SupportRecord.objects.count() == 0


def test_a_file_over_the_row_cap_is_refused(team, officer, monkeypatch):
    monkeypatch.setattr("teams.support.imports.sheet.MAX_IMPORT_ROWS", 3)
    data = sheet(*[row() for _ in range(4)])
    with pytest.raises(SpreadsheetError, match="tối đa 3"):
        support_records_import(file=data, file_name="a.xlsx", user=officer, teams=[team])
    assert MAX_IMPORT_ROWS == 5000


def test_an_officer_cannot_import_for_a_team_outside_their_ward(client, officer, team):
    outside = TeamFactory(hamlet=HamletFactory(name="Khu vực 7"))
    client.force_login(officer)
    preview = client.post(ADMIN_IMPORT, {"file": upload(sheet(row("Khu vực 7")))})
    [issue] = preview.context["report"].errors
    assert (issue.row, issue.column) == (2, "B")
    assert "Không có tổ “Khu vực 7” trong các tổ bạn được nhập." == issue.message
    assert not SupportRecord.objects.filter(team=outside).exists()


def test_the_team_column_is_needed_when_several_teams_are_in_scope(client, officer, team):
    TeamFactory(hamlet=HamletFactory(ward=team.ward, name="Khu vực 2"))
    client.force_login(officer)
    preview = client.post(ADMIN_IMPORT, {"file": upload(sheet(row("")))})
    assert [(i.row, i.column) for i in preview.context["report"].errors] == [(2, "B")]


def test_a_leader_imports_for_their_own_team_on_the_site(client, leader, team):
    client.force_login(leader)
    assert client.get(SITE_IMPORT).status_code == 200
    _preview, done = confirm_flow(client, SITE_IMPORT, sheet(row(people=4, fraud_warning=4)))
    assert done.status_code == 302 and done["Location"] == reverse("support:month")
    assert SupportRecord.objects.get().team == team
    other = TeamFactory(hamlet=HamletFactory(name="Thôn Khác"))
    preview = client.post(SITE_IMPORT, {"file": upload(sheet(row("Thôn Khác")))})
    assert preview.context["report"].errors
    assert not SupportRecord.objects.filter(team=other).exists()


def test_a_member_who_does_not_lead_cannot_import(client, team):
    member = member_with_account(ward=team.ward)
    MembershipFactory(member=member, team=team, role=TeamRole.MEMBER)
    client.force_login(member.user)
    assert client.get(SITE_IMPORT).status_code == 403
    assert client.post(SITE_IMPORT, {"file": upload(sheet(row()))}).status_code == 403


def test_a_member_cannot_open_the_admin_import(client, leader):
    client.force_login(leader)
    assert client.get(ADMIN_IMPORT).status_code in (302, 403)


def test_a_stale_confirmation_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(ADMIN_IMPORT, {"token": "0" * 32}, follow=True)
    assert "Phiên nhập đã hết hạn" in response.content.decode()
    assert SupportRecord.objects.count() == 0


def test_a_csv_file_is_read_by_the_same_reader(client, officer, team):
    text = ",".join(HEAD) + "\n" + "05/10/2026,Khu vực 1,Trung tâm,2" + "," * (len(HEAD) - 4)
    client.force_login(officer)
    _preview, done = confirm_flow(client, ADMIN_IMPORT, text.encode("utf-8-sig"), "phieu.csv")
    assert done.status_code == 302
    assert SupportRecord.objects.get().place == "service_centre"
