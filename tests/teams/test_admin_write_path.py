"""One write path: every create, edit and delete screen of the teams admin, and every team
action, leaves exactly the rows its service leaves for the same input.

Each case runs twice from the same starting data (the ``area`` of conftest): once as a POST
through the admin, once as a direct service call, each in a transaction rolled back after the
rows are read. The rows compared are the registry's (hamlets, teams, people, memberships),
Wagtail's audit log and the coverage rows (``CoverageFact``) of everyone.
"""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from teams import services
from teams.choices import HamletKind, TeamLevel, TeamRole, TeamStatus
from teams.models import CommunityTeam, Hamlet, Member, Membership
from tests.teams.write_path import form_data, rows, same_rows

D = datetime.date

# --- Create and edit screens -------------------------------------------------------------------


def test_hamlet_create(client, area, users):
    officer = users.ward_officer
    after = same_rows(
        client,
        officer,
        reverse("teams_hamlet:add"),
        {"ward": area.vi_tan.pk, "kind": "khu_pho", "name": "Khu vực 9", "is_active": "on"},
        lambda: services.hamlet_create(
            ward=area.vi_tan, kind=HamletKind.KHU_PHO, name="Khu vực 9", by=officer
        ),
    )
    assert [e["action"] for e in after["log"]] == ["wagtail.create"]
    assert after["log"][0]["user_id"] == officer.pk


def test_hamlet_edit(client, area, users):
    officer = users.ward_officer
    url = reverse("teams_hamlet:edit", args=[area.kv2.pk])
    client.force_login(officer)
    data = form_data(client, url, name="Khu vực 2A", code="KV2")
    after = same_rows(
        client,
        officer,
        url,
        data,
        lambda: services.hamlet_update(
            hamlet=Hamlet.objects.get(pk=area.kv2.pk),
            ward=area.vi_tan,
            kind=HamletKind.KHU_PHO,
            name="Khu vực 2A",
            code="KV2",
            is_active=True,
            valid_from=None,
            valid_to=None,
            by=officer,
        ),
    )
    assert {"name": "Khu vực 2A", "code": "KV2"}.items() <= after["hamlets"][1].items()
    assert [e["action"] for e in after["log"]] == ["wagtail.edit"]


def test_team_create(client, area, users):
    officer = users.ward_officer
    after = same_rows(
        client,
        officer,
        reverse("teams_team:add"),
        {
            "level": "hamlet",
            "ward": area.vi_tan.pk,
            "hamlet": area.kv2.pk,
            "decision_number": "12/QĐ-UBND",
            "decision_date": "01/09/2025",
        },
        lambda: services.team_register(
            level=TeamLevel.HAMLET,
            ward=area.vi_tan,
            hamlet=area.kv2,
            decision_number="12/QĐ-UBND",
            decision_date=D(2025, 9, 1),
            by=officer,
        ),
    )
    team = after["teams"][-1]
    assert team["name"] == "Tổ công nghệ số cộng đồng Khu phố Khu vực 2"
    assert team["founded_on"] == D(2025, 9, 1)  # the service's rule: founded on the decision
    assert [e["action"] for e in after["log"]] == ["wagtail.create"]


def test_team_edit_moves_the_coverage_rows(client, area, users):
    officer = users.ward_officer
    url = reverse("teams_team:edit", args=[area.team1.pk])
    client.force_login(officer)
    data = form_data(client, url, hamlet=area.kv2.pk, name="")
    team = area.team1
    after = same_rows(
        client,
        officer,
        url,
        data,
        lambda: services.team_update(
            team=CommunityTeam.objects.get(pk=team.pk),
            level=team.level,
            ward=team.ward,
            hamlet=area.kv2,
            name="",
            decision_number=team.decision_number,
            decision_date=team.decision_date,
            decision_body=team.decision_body,
            founded_on=team.founded_on,
            monthly_stipend=team.monthly_stipend,
            by=officer,
        ),
    )
    moved = {row["member_id"]: row["hamlet_id"] for row in after["coverage"]}
    assert moved[area.leader.pk] == moved[area.shy.pk] == area.kv2.pk
    assert after["teams"][0]["name"] == "Tổ công nghệ số cộng đồng Khu phố Khu vực 2"


def test_member_create_normalises_like_the_service(client, area, users):
    officer = users.ward_officer
    typed = {
        "full_name": "Đặng  Ngọc Lan ",
        "phone": "+84 912 345 678",
        "cccd": "0921 9000 0124",
        "email": " Lan@Example.VN ",
        "ward": area.vi_tan.pk,
        "affiliation": "other",
        "it_qualification": "none",
    }
    after = same_rows(
        client,
        officer,
        reverse("teams_member:add"),
        typed,
        lambda: services.member_register(
            ward=area.vi_tan,
            full_name=typed["full_name"],
            phone=typed["phone"],
            cccd=typed["cccd"],
            email=typed["email"],
            by=officer,
        ),
    )
    person = after["members"][-1]
    assert (person["full_name"], person["phone"], person["cccd"], person["email"]) == (
        "Đặng Ngọc Lan",
        "0912345678",
        "092190000124",
        "lan@example.vn",
    )
    assert [e["action"] for e in after["log"]] == ["wagtail.create"]


def test_member_edit(client, area, users):
    officer = users.ward_officer
    url = reverse("teams_member:edit", args=[area.shy.pk])
    client.force_login(officer)
    data = form_data(client, url, phone="84912999888")
    shy = area.shy
    fields = ("full_name", "gender", "date_of_birth", "email", "cccd", "ward")
    fields += ("affiliation", "it_qualification", "it_major", "needs_review")
    after = same_rows(
        client,
        officer,
        url,
        data,
        lambda: services.member_update(
            member=Member.objects.get(pk=shy.pk),
            phone="84912999888",
            by=officer,
            **{name: getattr(shy, name) for name in fields},
        ),
    )
    assert after["members"][1]["phone"] == "0912999888"
    assert [e["action"] for e in after["log"]] == ["wagtail.edit"]


def test_member_delete(client, area, users):
    admin = users.admin
    after = same_rows(
        client,
        admin,
        reverse("teams_member:delete", args=[area.shy.pk]),
        {},
        lambda: services.member_delete(member=Member.objects.get(pk=area.shy.pk), by=admin),
    )
    assert area.shy.pk not in {row["member_id"] for row in after["coverage"]}
    assert [(e["action"], e["object_id"]) for e in after["log"]] == [
        ("wagtail.delete", str(area.shy.pk))
    ]


# --- Team actions ------------------------------------------------------------------------------


def test_membership_add(client, area, users):
    from tests.factories.teams import MemberFactory

    newcomer = MemberFactory(full_name="Đặng Ngọc Lan", ward=area.vi_tan)
    after = same_rows(
        client,
        users.ward_officer,
        reverse("teams_team:membership_add", args=[area.team1.pk]),
        {"member": newcomer.pk, "role": "member", "joined_on": "01/10/2025"},
        lambda: services.membership_join(
            member=newcomer, team=area.team1, joined_on=D(2025, 10, 1), by=users.ward_officer
        ),
    )
    assert newcomer.pk in {row["member_id"] for row in after["coverage"]}


def test_membership_leave(client, area, users):
    membership = area.shy.memberships.get()
    after = same_rows(
        client,
        users.ward_officer,
        reverse("teams_team:membership_leave", args=[area.team1.pk, membership.pk]),
        {"left_on": "01/11/2025", "reason": "Chuyển công tác"},
        lambda: services.membership_leave(
            membership=Membership.objects.get(pk=membership.pk),
            left_on=D(2025, 11, 1),
            reason="Chuyển công tác",
            by=users.ward_officer,
        ),
    )
    assert area.shy.pk not in {row["member_id"] for row in after["coverage"]}


def test_dissolve(client, area, users):
    after = same_rows(
        client,
        users.ward_officer,
        reverse("teams_team:dissolve", args=[area.team1.pk]),
        {"dissolved_on": "01/12/2025"},
        lambda: services.team_dissolve(
            team=CommunityTeam.objects.get(pk=area.team1.pk),
            dissolved_on=D(2025, 12, 1),
            by=users.ward_officer,
        ),
    )
    ended = [m for m in after["memberships"] if m["team_id"] == area.team1.pk]
    assert {m["left_on"] for m in ended} == {D(2025, 12, 1)}
    assert {row["team_id"] for row in after["coverage"]} == {area.team4.pk}


# --- Errors come from the service, on the right field ------------------------------------------


def test_bad_phone_shows_the_services_message_and_saves_nothing(client, area, users):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.member_register(ward=area.vi_tan, full_name="Thử", phone="0123456789")
    before = rows()
    client.force_login(users.ward_officer)
    response = client.post(
        reverse("teams_member:add"),
        {
            "full_name": "Thử",
            "phone": "0123 456 789",
            "ward": area.vi_tan.pk,
            "affiliation": "other",
            "it_qualification": "none",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["phone"] == exc.value.message_dict["phone"]
    assert "Số điện thoại 0123456789 không hợp lệ" in errors["phone"][0]
    assert rows() == before


def test_duplicate_phone_and_missing_contact_are_shown_on_the_phone_field(client, area, users):
    client.force_login(users.ward_officer)
    url = reverse("teams_member:add")
    data = {"full_name": "Thử", "ward": area.vi_tan.pk, "affiliation": "other"}
    data["it_qualification"] = "none"
    errors = client.post(url, {**data, "phone": "0912 000 005"}).context["form"].errors
    assert errors["phone"] == ["Số điện thoại này đã được dùng cho một người khác."]
    errors = client.post(url, data).context["form"].errors
    assert errors["phone"] == ["Cần số điện thoại hoặc số CCCD."]


def test_team_rules_are_the_services(client, area, users):
    client.force_login(users.ward_officer)
    url = reverse("teams_team:add")
    response = client.post(url, {"level": "hamlet", "ward": area.vi_tan.pk})
    assert response.context["form"].errors["hamlet"] == ["Tổ cấp thôn cần chọn thôn, tổ dân phố."]
    response = client.post(url, {"level": "hamlet", "ward": area.vi_tan.pk, "hamlet": area.kv1.pk})
    assert response.context["form"].errors["hamlet"] == [
        "Thôn, tổ dân phố này đã có một tổ đang hoạt động."
    ]
    assert CommunityTeam.objects.count() == 2


def test_team_edit_form_has_no_status_and_cannot_dissolve(client, area, users):
    client.force_login(users.ward_officer)
    url = reverse("teams_team:edit", args=[area.team1.pk])
    form = client.get(url).context["form"]
    assert "status" not in form.fields and "dissolved_on" not in form.fields
    data = form_data(client, url, status="dissolved", dissolved_on="01/12/2025")
    assert client.post(url, data).status_code == 302
    area.team1.refresh_from_db()
    assert area.team1.status == TeamStatus.ACTIVE and area.team1.dissolved_on is None
    assert Membership.objects.filter(team=area.team1, left_on=None).count() == 2


def test_delete_refused_by_the_service_is_shown(client, area, users):
    client.force_login(users.admin)
    url = reverse("teams_team:delete", args=[area.team1.pk])
    response = client.post(url, follow=True)
    assert CommunityTeam.objects.filter(pk=area.team1.pk).exists()
    assert "Không thể xóa" in response.content.decode()
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


def test_second_leader_refused_on_the_form(client, area, users):
    from tests.factories.teams import MemberFactory

    other = MemberFactory(ward=area.vi_tan)
    client.force_login(users.ward_officer)
    response = client.post(
        reverse("teams_team:membership_add", args=[area.team1.pk]),
        {"member": other.pk, "role": TeamRole.LEADER, "joined_on": "01/10/2025"},
    )
    assert "đã có tổ trưởng" in response.content.decode()
    assert not other.memberships.exists()
