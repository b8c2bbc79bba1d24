"""The admin's create, edit and delete of a training session go through the services: each
admin path leaves the same rows (session, roster, attendees' coverage rows) as calling the
service directly, and bad input shows the service's message and saves nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import services
from courses.attendance.choices import AttendanceStatus
from courses.attendance.models import Attendance, TrainingSession
from courses.attendance.services import sessions as session_services
from lms.reports.models import CoverageFact
from tests.factories.teams import MembershipFactory, TeamFactory, WardFactory

pytestmark = pytest.mark.django_db
FORMAT = "%Y-%m-%d %H:%M"


@pytest.fixture
def ward(db):
    return WardFactory()


@pytest.fixture
def officer(make_staff, ward):
    return make_staff("ward", ward=ward)


def _team_with_members(ward, n=3):
    team = TeamFactory(hamlet__ward=ward)
    members = [MembershipFactory(team=team).member for _ in range(n)]
    return team, members


def _start(days):
    moment = timezone.localtime(timezone.now() + datetime.timedelta(days=days))
    return moment.replace(second=0, microsecond=0)


def _values(ward, team, title, start):
    return {
        "title": title,
        "description": "",
        "organiser_province": ward.province,
        "organiser_ward": ward,
        "venue": "Nhà văn hóa",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "late_after_minutes": 15,
        "open_before_minutes": 30,
        "qr_rotation_seconds": 30,
        "target_teams": [team],
    }


def _post_data(values):
    data = {}
    for key, value in values.items():
        if isinstance(value, datetime.datetime):
            data[key] = value.strftime(FORMAT)
        elif isinstance(value, list):
            data[key] = [item.pk for item in value]
        elif hasattr(value, "pk"):
            data[key] = value.pk
        else:
            data[key] = value
    return data


def _snapshot(session, members):
    """What a write leaves, independent of ids: the session's fields, its roster and the
    coverage rows of the given people."""
    session.refresh_from_db()
    return {
        "session": (
            session.venue,
            session.starts_at,
            session.ends_at,
            session.organiser_ward_id,
            session.organiser_province_id,
            session.created_by_id,
        ),
        "roster": sorted(session.attendances.values_list("status", "invited")),
        "roster_size": session.attendances.count(),
        "trained_months": sorted(
            CoverageFact.objects.filter(member__in=members).values_list("trained_months", flat=True)
        ),
    }


def _mark_present(session, members, by):
    rows = dict(session.attendances.values_list("member_id", "pk"))
    services.attendance_roll_call(
        session=session,
        marks={rows[m.pk]: (AttendanceStatus.PRESENT, "") for m in members},
        by=by,
    )


def test_create_leaves_the_same_rows_as_the_service(client, officer, ward):
    admin_team, admin_members = _team_with_members(ward)
    service_team, service_members = _team_with_members(ward)
    start = _start(2)
    client.force_login(officer)
    values = _values(ward, admin_team, "Qua màn hình quản trị", start)
    response = client.post(reverse("attendance_trainingsession:add"), _post_data(values))
    assert response.status_code == 302, response.context["form"].errors
    by_admin = TrainingSession.objects.get(title="Qua màn hình quản trị")

    values = _values(ward, service_team, "Qua dịch vụ", start)
    by_service = services.session_create(created_by=officer, **values)

    assert by_admin.created_by == officer
    assert _snapshot(by_admin, admin_members) == _snapshot(by_service, service_members)
    assert _snapshot(by_admin, admin_members)["roster_size"] == 3


def test_edit_moving_month_leaves_the_same_rows_as_the_service(client, officer, ward):
    start = _start(-1)
    moved = start - datetime.timedelta(days=40)  # always another month
    sessions, members = [], []
    for title in ("Sửa qua quản trị", "Sửa qua dịch vụ"):
        team, people = _team_with_members(ward)
        session = services.session_create(created_by=officer, **_values(ward, team, title, start))
        _mark_present(session, people[:2], officer)
        sessions.append(session)
        members.append(people)
    extra_team, _extra = _team_with_members(ward, n=2)
    before = _snapshot(sessions[0], members[0])["trained_months"]

    client.force_login(officer)
    values = _values(ward, sessions[0].target_teams.get(), "Sửa qua quản trị", moved)
    values["target_teams"].append(extra_team)
    response = client.post(
        reverse("attendance_trainingsession:edit", args=[sessions[0].pk]), _post_data(values)
    )
    assert response.status_code == 302, response.context["form"].errors

    values = _values(ward, sessions[1].target_teams.get(), "Sửa qua dịch vụ", moved)
    values["target_teams"].append(extra_team)
    services.session_update(session=sessions[1], by=officer, **values)

    by_admin = _snapshot(sessions[0], members[0])
    assert by_admin == _snapshot(sessions[1], members[1])
    assert by_admin["trained_months"] != before  # the attendees' month moved
    assert by_admin["roster_size"] == 5  # the added team was invited


def test_delete_leaves_the_same_rows_as_the_service(client, officer, ward):
    sessions, members = [], []
    for title in ("Xóa qua quản trị", "Xóa qua dịch vụ"):
        team, people = _team_with_members(ward)
        session = services.session_create(
            created_by=officer, **_values(ward, team, title, _start(-1))
        )
        _mark_present(session, people, officer)
        sessions.append(session)
        members.append(people)
    trained = CoverageFact.objects.filter(member__in=members[0]).values_list(
        "trained_months", flat=True
    )
    assert all(trained)

    client.force_login(officer)
    response = client.post(reverse("attendance_trainingsession:delete", args=[sessions[0].pk]))
    assert response.status_code == 302
    services.session_delete(session=sessions[1])

    for session in sessions:
        assert not TrainingSession.objects.filter(pk=session.pk).exists()
        assert not Attendance.objects.filter(session_id=session.pk).exists()
    months = [
        sorted(
            CoverageFact.objects.filter(member__in=people).values_list("trained_months", flat=True)
        )
        for people in members
    ]
    assert months[0] == months[1] == [0, 0, 0]


def test_bad_input_shows_the_message_and_saves_nothing(client, officer, ward):
    team, _members = _team_with_members(ward)
    start = _start(2)
    values = _values(ward, team, "Giờ ngược", start)
    values["ends_at"] = start - datetime.timedelta(hours=1)
    client.force_login(officer)
    response = client.post(reverse("attendance_trainingsession:add"), _post_data(values))
    assert response.status_code == 200
    assert "Giờ kết thúc phải sau giờ bắt đầu." in response.content.decode()
    assert not TrainingSession.objects.filter(title="Giờ ngược").exists()
    assert not Attendance.objects.exists()


def test_service_error_is_shown_on_the_form_and_rolls_back(client, officer, ward, monkeypatch):
    """A rule only the service knows still reaches the form, and nothing is saved."""
    from django.core.exceptions import ValidationError

    team, _members = _team_with_members(ward)

    def refuse(*, session):
        raise ValidationError({"target_teams": "Không thể mời tổ này."})

    monkeypatch.setattr(session_services, "session_roster_build", refuse)
    client.force_login(officer)
    values = _values(ward, team, "Bị từ chối", _start(2))
    response = client.post(reverse("attendance_trainingsession:add"), _post_data(values))
    assert response.status_code == 200
    assert "Không thể mời tổ này." in response.content.decode()
    assert not TrainingSession.objects.filter(title="Bị từ chối").exists()
