"""The support log in the Wagtail admin (issue 17.1 and 17.3): scoped, written through the
services only, nothing deleted, exports formula-safe."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from lms.accounts.groups import groups_sync
from lms.accounts.services import user_role_groups_sync
from teams.choices import TeamRole
from teams.support.choices import OUTCOMES, SKILLS, Place
from teams.support.models import SupportRecord
from teams.support.services import support_record_create, support_record_update
from tests.factories.accounts import (
    TrainerFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.teams import MembershipFactory, TeamFactory

INDEX = "/admin/ho-tro/nhat-ky/"
DAY = datetime.date(2026, 9, 15)


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def helper(team):
    member = member_with_account(ward=team.ward)
    MembershipFactory(member=member, team=team, role=TeamRole.MEMBER)
    return member


def with_role(user):
    groups_sync()
    user_role_groups_sync(user=user)
    return user


@pytest.fixture
def officer(team):
    return with_role(WardOfficerFactory(ward=team.ward))


def make(team, **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("place", Place.HOME)
    return support_record_create(team=team, by=None, check_permission=False, **fields)


def form_data(record=None, **changes):
    data = {
        "date": f"{DAY:%Y-%m-%d}",
        "place": Place.HOME,
        "people": "1",
        "hamlet": "",
        "citizen_gender": "",
        "citizen_birth_year": "",
        "note": "",
        **{name: "0" for name, _l in OUTCOMES},
    }
    if record is not None:
        data.update(
            date=f"{record.date:%Y-%m-%d}",
            place=record.place,
            people=str(record.people),
            hamlet=record.hamlet_id or "",
        )
        data.update({name: str(getattr(record, name)) for name, _l in OUTCOMES})
        data.update({name: "on" for name, _l in SKILLS if getattr(record, name)})
    data.update(changes)
    return data


def rows(record):
    values = model_to_dict(
        SupportRecord.objects.get(pk=record.pk), exclude=["id", "recorded_by", "helpers"]
    )
    return values, sorted(record.helpers.values_list("pk", flat=True))


def test_the_listing_is_scoped_and_filtered(client, officer, team):
    mine = make(team, people=2)
    make(team, date=datetime.date(2026, 8, 3), place=Place.CLASS, people=9)
    outside = make(TeamFactory(), people=7)
    client.force_login(officer)
    response = client.get(INDEX)
    listed = {r.pk for r in response.context["object_list"]}
    assert mine.pk in listed and outside.pk not in listed and len(listed) == 2
    response = client.get(INDEX, {"month": "09/2026"})
    assert [r.pk for r in response.context["object_list"]] == [mine.pk]
    response = client.get(INDEX, {"place": Place.CLASS})
    assert [r.people for r in response.context["object_list"]] == [9]
    response = client.get(INDEX, {"month": "tháng chín"})
    assert list(response.context["object_list"]) == []
    assert client.get(reverse("support_record:inspect", args=[outside.pk])).status_code == 404
    assert client.get(reverse("support_record:edit", args=[outside.pk])).status_code == 404
    assert client.get(reverse("support_record:inspect", args=[mine.pk])).status_code == 200


def test_the_admin_edit_leaves_the_same_rows_as_the_service(client, officer, team, helper):
    by_admin = make(team, people=2, portal_account=1)
    by_service = make(team, people=2, portal_account=1)
    changes = {"people": 5, "portal_account": 4, "skill_vneid": True, "note": "Sửa lại"}
    support_record_update(record=by_service, by=officer, helpers=[helper], **changes)
    client.force_login(officer)
    response = client.post(
        reverse("support_record:edit", args=[by_admin.pk]),
        form_data(
            by_admin,
            people="5",
            portal_account="4",
            skill_vneid="on",
            note="Sửa lại",
            helpers=[helper.pk],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    admin_values, admin_helpers = rows(by_admin)
    service_values, service_helpers = rows(by_service)
    admin_values.pop("idempotency_key", None)
    service_values.pop("idempotency_key", None)
    assert admin_values == service_values
    assert admin_helpers == service_helpers == [helper.pk]


def test_the_admin_edit_shows_the_services_message_and_saves_nothing(client, officer, team):
    record = make(team, people=2, portal_account=1)
    client.force_login(officer)
    response = client.post(
        reverse("support_record:edit", args=[record.pk]),
        form_data(record, people="1", portal_account="2"),
    )
    assert response.status_code == 200
    assert "không thể nhiều hơn số người dân" in response.content.decode()
    record.refresh_from_db()
    assert (record.people, record.portal_account) == (2, 1)


def test_the_admin_create_goes_through_the_service(client, officer, team):
    client.force_login(officer)
    response = client.post(
        reverse("support_record:add"),
        form_data(team=team.pk, people="3", fraud_warning="3", skill_online_safety="on"),
    )
    assert response.status_code == 302
    record = SupportRecord.objects.get()
    assert (record.ward, record.hamlet, record.month) == (
        team.ward,
        team.hamlet,
        DAY.replace(day=1),
    )
    assert record.recorded_by == officer and record.fraud_warning == 3
    response = client.post(
        reverse("support_record:add"), form_data(team=team.pk, date="2099-01-01")
    )
    assert "Ngày hỗ trợ không thể ở tương lai." in response.content.decode()
    assert SupportRecord.objects.count() == 1


def test_nothing_is_deleted_from_the_admin(client, officer, team):
    record = make(team)
    client.force_login(officer)
    with pytest.raises(NoReverseMatch):
        reverse("support_record:delete", args=[record.pk])
    assert client.post(f"{INDEX}delete/{record.pk}/").status_code == 404
    page = client.get(reverse("support_record:edit", args=[record.pk])).content.decode()
    assert "/delete/" not in page
    assert SupportRecord.objects.filter(pk=record.pk).exists()


def test_a_trainer_reads_but_does_not_edit(client, team):
    trainer = with_role(TrainerFactory())
    record = make(team)
    client.force_login(trainer)
    assert client.get(INDEX).status_code == 200
    response = client.post(
        reverse("support_record:edit", args=[record.pk]), form_data(record, people="3")
    )
    assert response.status_code in (302, 403)
    record.refresh_from_db()
    assert record.people == 1


def test_the_export_neutralises_formulas(client, officer, team):
    make(team, note='=HYPERLINK("http://x")')
    client.force_login(officer)
    response = client.get(INDEX, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body and "\n=HYPERLINK" not in body and ",=HYPERLINK" not in body


def test_an_officer_cannot_create_for_a_team_outside_their_ward(client, officer):
    outside = TeamFactory()
    client.force_login(officer)
    response = client.post(reverse("support_record:add"), form_data(team=outside.pk))
    assert response.status_code == 200
    assert not SupportRecord.objects.exists()


def test_the_admin_edit_of_an_approved_month_shows_the_lock(client, officer, team):
    from django.utils import timezone

    from teams.support.choices import MonthStatus
    from teams.support.models import WardMonth

    record = make(team)
    WardMonth.objects.create(
        ward=team.ward,
        month=DAY.replace(day=1),
        status=MonthStatus.APPROVED,
        approved_at=timezone.now(),
    )
    client.force_login(officer)
    response = client.post(
        reverse("support_record:edit", args=[record.pk]), form_data(record, people="3")
    )
    assert response.status_code == 200
    assert "đã được cấp tỉnh duyệt" in response.content.decode()
    record.refresh_from_db()
    assert record.people == 1


def test_national_create_picks_the_team_in_a_chooser_and_helpers_among_its_people(
    client, team, helper, monkeypatch
):
    """Nationally the form listed 74,000 teams and 370,000 people (26 MB, 50 s; issue 18.1):
    above a few hundred choices the team is chosen in a searchable chooser and the helpers
    come from that team only."""
    from tests.factories.accounts import AdminFactory

    monkeypatch.setattr("teams.support.forms.CHOOSER_ABOVE", 2)
    TeamFactory.create_batch(3)
    stranger = member_with_account()
    client.force_login(AdminFactory())
    page = client.get(reverse("support_record:add")).content.decode()
    assert reverse("teams_team_chooser:choose") in page
    assert helper.full_name not in page and stranger.full_name not in page
    response = client.post(
        reverse("support_record:add"), form_data(team=team.pk, helpers=[stranger.pk])
    )
    assert response.status_code == 200  # someone outside the team is refused
    assert not SupportRecord.objects.exists()
    response = client.post(
        reverse("support_record:add"), form_data(team=team.pk, helpers=[helper.pk])
    )
    assert response.status_code == 302
    assert list(SupportRecord.objects.get().helpers.all()) == [helper]
