"""The support log's rules, through the services (issue 17.1)."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from teams.choices import TeamRole
from teams.support.choices import MonthStatus, Place
from teams.support.models import MAX_GROUP, SupportRecord, WardMonth
from teams.support.services import support_record_create, support_record_update
from tests.factories.accounts import UserFactory, WardOfficerFactory
from tests.factories.teams import MemberFactory, MembershipFactory, TeamFactory

DAY = datetime.date(2026, 9, 15)


@pytest.fixture
def team(db):
    return TeamFactory()


@pytest.fixture
def leader(team):
    user = UserFactory()
    member = MemberFactory(ward=team.ward, user=user)
    MembershipFactory(member=member, team=team, role=TeamRole.LEADER)
    return user


def record(team, by, **fields):
    fields.setdefault("date", DAY)
    fields.setdefault("place", Place.HOME)
    return support_record_create(team=team, by=by, **fields)


def test_a_member_records_a_help_for_their_team(team, leader):
    saved = record(team, leader, skill_vneid=True, vneid_installed=1, vneid_level2=1)
    assert saved.ward_id == team.ward_id and saved.hamlet_id == team.hamlet_id
    assert saved.month == datetime.date(2026, 9, 1)
    assert saved.recorded_by == leader


def test_a_stranger_cannot_record_for_a_team(team):
    with pytest.raises(PermissionDenied):
        record(team, UserFactory())


def test_an_officer_of_another_ward_cannot_record(team):
    with pytest.raises(PermissionDenied):
        record(team, WardOfficerFactory())


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"date": datetime.date(2099, 1, 1)}, "date"),
        ({"date": datetime.date(2025, 7, 1)}, "date"),  # before the team was founded
        ({"people": 0}, None),
        ({"people": MAX_GROUP + 1}, None),
        ({"people": 2, "portal_account": 3}, None),
        ({"people": 3, "citizen_birth_year": 1960}, None),
        ({"citizen_birth_year": 1800}, "citizen_birth_year"),
    ],
)
def test_bad_input_saves_nothing(team, leader, fields, field):
    with pytest.raises(ValidationError) as error:
        record(team, leader, **fields)
    assert SupportRecord.objects.count() == 0
    if field:
        assert field in error.value.message_dict


def test_negative_counts_are_refused(team, leader):
    with pytest.raises(ValidationError):
        record(team, leader, fraud_warning=-1)
    assert SupportRecord.objects.count() == 0


def test_a_resent_form_saves_one_record(team, leader):
    key = uuid.uuid4()
    first = record(team, leader, idempotency_key=key)
    second = record(team, leader, idempotency_key=key)
    assert first.pk == second.pk and SupportRecord.objects.count() == 1


def test_a_correction_is_an_edit_with_history(team, leader):
    from wagtail.models import ModelLogEntry

    saved = record(team, leader, people=2, fraud_warning=1)
    support_record_update(record=saved, by=leader, fraud_warning=2)
    saved.refresh_from_db()
    assert saved.fraud_warning == 2
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(saved.pk)).values_list("action", flat=True)
    )
    assert "wagtail.edit" in actions and "wagtail.create" in actions


def test_an_approved_month_is_locked(team, leader):
    saved = record(team, leader)
    WardMonth.objects.create(
        ward=team.ward,
        month=DAY.replace(day=1),
        status=MonthStatus.APPROVED,
        approved_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="đã được cấp tỉnh duyệt"):
        record(team, leader, date=DAY.replace(day=20))
    with pytest.raises(ValidationError, match="đã được cấp tỉnh duyệt"):
        support_record_update(record=saved, by=leader, people=2)
    assert SupportRecord.objects.count() == 1
