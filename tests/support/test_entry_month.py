"""The team leader's month and corrections on the public site (issue 17.2)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from teams.choices import TeamRole
from teams.support.choices import MonthStatus, Place
from teams.support.models import SupportRecord, WardMonth
from teams.support.services import support_record_create
from tests.factories.accounts import member_with_account
from tests.factories.teams import MembershipFactory, TeamFactory

MONTH = "/ho-tro/thang/"
DAY = datetime.date(2026, 9, 15)


@pytest.fixture
def team(db):
    return TeamFactory()


def person(team, role):
    member = member_with_account(ward=team.ward)
    MembershipFactory(member=member, team=team, role=role)
    return member


@pytest.fixture
def leader(team):
    return person(team, TeamRole.LEADER)


@pytest.fixture
def helper(team):
    return person(team, TeamRole.MEMBER)


def make(team, by, **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("place", Place.HOME)
    return support_record_create(team=team, by=by, **fields)


def edit_data(record, **extra):
    data = {
        "date": f"{record.date:%d/%m/%Y}",
        "place": record.place,
        "people": str(record.people),
        "note": "",
    }
    data.update(extra)
    return data


def test_the_leader_sees_the_months_records_and_totals(client, team, leader, helper):
    make(team, helper.user, people=3, portal_account=2, skill_public_services=True)
    make(team, leader.user, people=1, portal_account=1, date=DAY.replace(day=2))
    make(team, leader.user, people=5, date=datetime.date(2026, 8, 30))  # another month
    client.force_login(leader.user)
    page = client.get(MONTH, {"thang": "09/2026"}).content.decode()
    assert "Số liệu tháng 09/2026" in page
    assert "<dt>Số lượt ghi nhận</dt><dd>2</dd>" in page
    assert "<dt>Số người dân được hỗ trợ</dt><dd>4</dd>" in page
    assert "<dt>Tạo tài khoản Cổng Dịch vụ công quốc gia</dt><dd>3</dd>" in page
    assert page.count('href="/ho-tro/sua/') == 2


def test_a_bad_month_is_explained_and_this_month_shown(client, team, leader):
    client.force_login(leader.user)
    page = client.get(MONTH, {"thang": "13/2026"}).content.decode()
    assert "Tháng không hợp lệ" in page
    assert f"Số liệu tháng {timezone.localdate():%m/%Y}" in page


def test_a_member_who_does_not_lead_cannot_open_the_month(client, team, helper):
    client.force_login(helper.user)
    assert client.get(MONTH).status_code == 403


def test_the_leader_cannot_open_another_teams_month(client, team, leader):
    other = TeamFactory()
    client.force_login(leader.user)
    assert client.get(MONTH, {"to": other.pk}).status_code == 403


def test_the_leader_corrects_a_members_record_with_history(client, team, leader, helper):
    saved = make(team, helper.user, people=2, portal_account=1)
    client.force_login(leader.user)
    url = reverse("support:record_edit", args=[saved.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, edit_data(saved, people="4", n_portal_account="3", skills=["skill_vneid"])
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.people, saved.portal_account, saved.skill_vneid) == (4, 3, True)
    assert ModelLogEntry.objects.filter(object_id=str(saved.pk), action="wagtail.edit").exists()


def test_a_bad_correction_is_explained_and_changes_nothing(client, team, leader):
    saved = make(team, leader.user, people=2, portal_account=1)
    client.force_login(leader.user)
    url = reverse("support:record_edit", args=[saved.pk])
    response = client.post(url, edit_data(saved, people="1", n_portal_account="2"))
    assert "không thể nhiều hơn số người dân" in response.content.decode()
    saved.refresh_from_db()
    assert (saved.people, saved.portal_account) == (2, 1)


def test_a_member_cannot_correct_another_members_record(client, team, leader, helper):
    saved = make(team, leader.user)
    client.force_login(helper.user)
    url = reverse("support:record_edit", args=[saved.pk])
    assert client.post(url, edit_data(saved, people="3")).status_code == 403
    saved.refresh_from_db()
    assert saved.people == 1


def test_another_teams_record_is_not_found(client, team, leader):
    other = TeamFactory()
    saved = make(other, None, check_permission=False)
    client.force_login(leader.user)
    assert client.get(reverse("support:record_edit", args=[saved.pk])).status_code == 404


def test_an_approved_month_shows_the_lock_and_refuses_an_edit(client, team, leader):
    saved = make(team, leader.user)
    WardMonth.objects.create(
        ward=team.ward,
        month=DAY.replace(day=1),
        status=MonthStatus.APPROVED,
        approved_at=timezone.now(),
    )
    client.force_login(leader.user)
    page = client.get(MONTH, {"thang": "09/2026"}).content.decode()
    assert "đã được cấp tỉnh duyệt" in page
    assert 'href="/ho-tro/sua/' not in page
    response = client.post(
        reverse("support:record_edit", args=[saved.pk]), edit_data(saved, people="3")
    )
    assert response.status_code == 409
    assert "đã được cấp tỉnh duyệt nên không thể ghi thêm hay sửa" in response.content.decode()
    saved.refresh_from_db()
    assert saved.people == 1
    assert SupportRecord.objects.count() == 1
