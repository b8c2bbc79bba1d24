"""Admin screens: scoping (one table), masking of personal data, search, export log, import."""

import pytest
from django.urls import reverse

from lms.accounts.models import ExportLog
from teams.models import Member
from tests.teams.member_files import good_rows, xlsx_bytes

DENIED = {302, 403, 404}


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def login(client, user):
    client.force_login(user)


# who, member list shows the Vị Tân leader, inspect, edit, export contains the leader
SCOPING = [
    ("admin", True, 200, 200, True),
    ("province_officer", True, 200, 200, True),
    ("ward_officer", True, 200, 200, True),
    ("other_ward_officer", False, 404, 404, False),
    ("other_province_officer", False, 404, 404, False),
    ("trainer", True, 200, DENIED, True),  # Wagtail redirects with "permission denied"
    ("member", None, DENIED, DENIED, None),
]


@pytest.mark.parametrize("who,listed,inspect,edit,exported", SCOPING)
@pytest.mark.parametrize("viewset,target", [("teams_member", "leader"), ("teams_team", "team1")])
def test_scoping(client, area, users, who, listed, inspect, edit, exported, viewset, target):
    login(client, getattr(users, who))
    obj = getattr(area, target)
    index = client.get(reverse(f"{viewset}:index"))
    response = client.get(reverse(f"{viewset}:inspect", args=[obj.pk]))
    edit_response = client.get(reverse(f"{viewset}:edit", args=[obj.pk]))
    export = client.get(reverse(f"{viewset}:index") + "?export=csv")
    label = obj.full_name if target == "leader" else obj.name
    if listed is None:
        assert index.status_code in DENIED and export.status_code in DENIED
        assert response.status_code in DENIED and edit_response.status_code in DENIED
        return
    assert index.status_code == 200
    assert (label in body(index)) is listed
    assert response.status_code == inspect
    assert edit_response.status_code in (edit if isinstance(edit, set) else {edit})
    assert export.status_code == 200
    assert (label in body(export)) is exported


def test_personal_data_masked_for_trainer_and_shown_to_officer(client, area, users):
    url = reverse("teams_member:inspect", args=[area.leader.pk])
    login(client, users.trainer)
    page = client.get(url).content.decode()
    assert "092190000005" not in page and "0912000005" not in page
    assert "*********005" in page
    export = body(client.get(reverse("teams_member:index") + "?export=csv"))
    assert "0912000005" not in export and "092190000005" not in export
    client.logout()
    login(client, users.ward_officer)
    page = client.get(url).content.decode()
    assert "092190000005" in page and "0912000005" in page


def test_member_export_is_logged(client, area, users):
    login(client, users.ward_officer)
    response = client.get(reverse("teams_member:index") + "?export=xlsx&affiliation=other")
    assert response.status_code == 200
    log = ExportLog.objects.get(user=users.ward_officer)
    assert log.file_format == "xlsx" and log.row_count == 2
    assert log.filters["affiliation"] in ("other", ["other"])
    # Lists without personal data are not logged.
    client.get(reverse("teams_team:index") + "?export=csv")
    assert ExportLog.objects.count() == 1


@pytest.mark.parametrize(
    "viewset,query,expected",
    [
        ("teams_ward", "vi tan", "Phường Vị Tân"),
        ("teams_member", "tran thi", "Trần Thị Mai"),
        ("teams_member", "TRAN mai", "Trần Thị Mai"),
        ("teams_hamlet", "khu vuc 2", "Khu vực 2"),
        ("teams_team", "khu vuc 1", "Khu vực 1"),
    ],
)
def test_accent_insensitive_search(client, area, users, viewset, query, expected):
    login(client, users.admin)
    response = client.get(reverse(f"{viewset}:index"), {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_search_excludes_non_matches(client, area, users):
    login(client, users.admin)
    page = client.get(reverse("teams_member:index"), {"q": "le van"}).content.decode()
    assert "Lê Văn Hùng" in page and "Trần Thị Mai" not in page


def test_filters(client, area, users):
    login(client, users.admin)
    page = client.get(reverse("teams_member:index"), {"role": "leader"}).content.decode()
    assert "Trần Thị Mai" in page and "Lê Văn Hùng" not in page
    page = client.get(reverse("teams_member:index"), {"ward": area.vi_thanh.pk}).content.decode()
    assert "Bùi Quốc Khánh" in page and "Trần Thị Mai" not in page


def test_units_are_read_only(client, area, users):
    login(client, users.admin)
    assert client.get(reverse("teams_ward:index")).status_code == 200
    assert client.get(reverse("teams_ward:inspect", args=[area.vi_tan.pk])).status_code == 200
    assert client.get(f"/admin/to-cong-nghe/xa/edit/{area.vi_tan.pk}/").status_code == 404
    assert client.get("/admin/to-cong-nghe/tinh/new/").status_code == 404


def test_team_inspect_shows_members_and_history(client, area, users):
    from teams.services import membership_leave

    membership_leave(membership=area.shy.memberships.get(), reason="Chuyển công tác")
    login(client, users.ward_officer)
    page = client.get(reverse("teams_team:inspect", args=[area.team1.pk])).content.decode()
    current, history = page.split("Quá trình tham gia", 1)
    assert (
        "Trần Thị Mai" in current and "Lê Văn Hùng" not in current.split("Thành viên hiện tại")[1]
    )
    assert "Lê Văn Hùng" in history and "Chuyển công tác" in history


def test_ward_officer_form_offers_only_own_ward(client, area, users):
    login(client, users.ward_officer)
    page = client.get(reverse("teams_hamlet:add")).content.decode()
    assert "Phường Vị Tân" in page and "Phường Vị Thanh" not in page
    response = client.post(
        reverse("teams_hamlet:add"),
        {"ward": area.vi_thanh.pk, "kind": "khu_pho", "name": "Khu vực 9", "is_active": "on"},
    )
    assert response.status_code == 200  # re-rendered with an error: not a valid choice
    assert not area.vi_thanh.hamlets.filter(name="Khu vực 9").exists()


class ImportPageTests:
    def test_preview_then_confirm(self, client, area, users):
        login(client, users.ward_officer)
        url = reverse("teams_member:import")
        assert client.get(url).status_code == 200
        upload = xlsx_bytes(good_rows())
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(url, {"file": SimpleUploadedFile("ds.xlsx", upload)})
        assert response.status_code == 200
        assert "Xác nhận nhập" in response.content.decode()
        assert not Member.objects.filter(phone="0912345001").exists()
        token = response.context["token"]
        response = client.post(url, {"token": token})
        assert response.status_code == 302
        assert Member.objects.filter(phone="0912345001").exists()
        # The token is single use.
        response = client.post(url, {"token": token})
        assert response.status_code == 302 and Member.objects.count() == 5

    def test_bad_file_shows_rows_and_offers_no_confirm(self, client, area, users):
        from django.core.files.uploadedfile import SimpleUploadedFile

        rows = good_rows()
        rows[0][3] = "123"
        login(client, users.ward_officer)
        response = client.post(
            reverse("teams_member:import"),
            {"file": SimpleUploadedFile("ds.xlsx", xlsx_bytes(rows))},
        )
        page = response.content.decode()
        assert "Xác nhận nhập" not in page and "token" not in response.context
        assert ">2<" in page and "D (Số điện thoại)" in page

    def test_other_ward_rows_rejected_for_ward_officer(self, client, area, users):
        from django.core.files.uploadedfile import SimpleUploadedFile

        login(client, users.other_ward_officer)
        response = client.post(
            reverse("teams_member:import"),
            {"file": SimpleUploadedFile("ds.xlsx", xlsx_bytes(good_rows()))},
        )
        assert "Chỉ được nhập danh sách của Phường Vị Thanh" in response.content.decode()

    def test_wrong_type_rejected(self, client, area, users):
        from django.core.files.uploadedfile import SimpleUploadedFile

        login(client, users.ward_officer)
        response = client.post(
            reverse("teams_member:import"), {"file": SimpleUploadedFile("../ds.exe", b"MZ")}
        )
        assert "Chỉ nhận tệp .xlsx hoặc .csv" in response.content.decode()

    def test_template_download_and_permissions(self, client, area, users):
        login(client, users.ward_officer)
        response = client.get(reverse("teams_member:import_template"))
        assert response.status_code == 200 and response.content.startswith(b"PK")
        client.logout()
        login(client, users.trainer)
        assert client.get(reverse("teams_member:import")).status_code in DENIED
        assert client.get(reverse("teams_member:import_template")).status_code in DENIED


class TeamActionTests:
    def test_add_member_end_membership_and_dissolve(self, client, area, users):
        from teams.models import Membership
        from tests.factories.teams import MemberFactory

        newcomer = MemberFactory(full_name="Đặng Ngọc Lan", ward=area.vi_tan)
        login(client, users.ward_officer)
        page = client.get(reverse("teams_team:inspect", args=[area.team1.pk])).content.decode()
        assert reverse("teams_team:membership_add", args=[area.team1.pk]) in page
        url = reverse("teams_team:membership_add", args=[area.team1.pk])
        form_page = client.get(url).content.decode()
        assert "Đặng Ngọc Lan" in form_page and "Bùi Quốc Khánh" not in form_page  # other ward
        response = client.post(
            url, {"member": newcomer.pk, "role": "member", "joined_on": "01/10/2025"}
        )
        assert response.status_code == 302
        assert Membership.objects.filter(member=newcomer, team=area.team1, left_on=None).exists()
        # A second leader is refused by the service, shown on the form.
        other = MemberFactory(ward=area.vi_tan)
        response = client.post(
            url, {"member": other.pk, "role": "leader", "joined_on": "01/10/2025"}
        )
        assert response.status_code == 200 and "đã có tổ trưởng" in response.content.decode()

        membership = area.shy.memberships.get()
        response = client.post(
            reverse("teams_team:membership_leave", args=[area.team1.pk, membership.pk]),
            {"left_on": "01/11/2025", "reason": "Chuyển công tác"},
        )
        assert response.status_code == 302
        membership.refresh_from_db()
        assert membership.left_on.isoformat() == "2025-11-01"

        response = client.post(
            reverse("teams_team:dissolve", args=[area.team1.pk]), {"dissolved_on": "01/12/2025"}
        )
        assert response.status_code == 302
        area.team1.refresh_from_db()
        assert area.team1.status == "dissolved"
        assert not Membership.objects.filter(team=area.team1, left_on=None).exists()
        assert Membership.objects.filter(team=area.team1).count() == 3  # history kept

    def test_actions_are_scoped_and_need_change_permission(self, client, area, users):
        url = reverse("teams_team:dissolve", args=[area.team1.pk])
        login(client, users.other_ward_officer)
        assert client.post(url, {"dissolved_on": "01/12/2025"}).status_code == 404
        login(client, users.trainer)
        assert client.post(url, {"dissolved_on": "01/12/2025"}).status_code in DENIED
        area.team1.refresh_from_db()
        assert area.team1.status == "active"


def test_create_team_in_admin_uses_default_name_and_constraint(client, area, users):
    from teams.models import CommunityTeam

    login(client, users.ward_officer)
    url = reverse("teams_team:add")
    data = {"level": "hamlet", "ward": area.vi_tan.pk, "hamlet": area.kv2.pk, "status": "active"}
    assert client.post(url, data).status_code == 302
    team = CommunityTeam.objects.get(hamlet=area.kv2)
    assert team.name == "Tổ công nghệ số cộng đồng Khu phố Khu vực 2"
    response = client.post(url, data)  # a second active team for the same hamlet
    assert response.status_code == 200
    assert "đã có một tổ đang hoạt động" in response.content.decode()
    assert CommunityTeam.objects.filter(hamlet=area.kv2).count() == 1


def test_hamlet_merge_in_admin(client, area, users):
    from teams.models import Hamlet

    login(client, users.ward_officer)
    page = client.get(reverse("teams_hamlet:inspect", args=[area.kv1.pk])).content.decode()
    url = reverse("teams_hamlet:merge", args=[area.kv1.pk])
    assert url in page
    response = client.post(
        url,
        {
            "others": [area.kv2.pk],
            "kind": "khu_pho",
            "name": "Khu vực 1",
            "merged_on": "01/07/2026",
        },
    )
    assert response.status_code == 302
    new = Hamlet.objects.get(ward=area.vi_tan, is_active=True)
    assert set(new.predecessors.all()) == {area.kv1, area.kv2}
    login(client, users.other_ward_officer)
    assert client.get(reverse("teams_hamlet:merge", args=[new.pk])).status_code == 404


def test_member_page_shows_training_history_from_the_attendance_hook(client, area, users):
    """The attendance app adds its section through ``teams_member_inspect_panels``."""
    from wagtail import hooks

    from teams.viewsets import MEMBER_INSPECT_PANELS_HOOK
    from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory

    assert hooks.get_hooks(MEMBER_INSPECT_PANELS_HOOK)
    session = TrainingSessionFactory(title="Dịch vụ công trực tuyến", organiser_ward=area.vi_tan)
    AttendanceFactory(session=session, member=area.shy, status="present")
    AttendanceFactory(member=area.shy, session__organiser_ward=area.vi_tan, status="absent")
    login(client, users.ward_officer)
    page = client.get(reverse("teams_member:inspect", args=[area.shy.pk])).content.decode()
    assert page.index("Các tổ đã tham gia") < page.index("Quá trình tập huấn")
    assert (
        "Được mời 2 buổi; tham dự 1; vắng có phép 0; vắng không phép 1." in page
        and "Dịch vụ công trực tuyến" in page
    )
    page = client.get(reverse("teams_member:inspect", args=[area.leader.pk])).content.decode()
    assert "Chưa được mời buổi tập huấn nào." in page
