import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance.choices import ATTENDED
from courses.attendance.models import Attendance, TrainingSession
from tests.factories.teams import MembershipFactory

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(admin_units):
    from courses.attendance import demo
    from lms.demo import seed_users as seed_accounts
    from teams.demo import seed as seed_teams

    seed_teams()
    seed_accounts()
    demo.seed()
    counts = (TrainingSession.objects.count(), Attendance.objects.count())
    demo.seed()
    assert (TrainingSession.objects.count(), Attendance.objects.count()) == counts
    assert counts[0] == 3
    past = TrainingSession.objects.get(title=demo.TITLES["past"])
    today = TrainingSession.objects.get(title=demo.TITLES["today"])
    upcoming = TrainingSession.objects.get(title=demo.TITLES["upcoming"])
    assert past.closed_at and past.is_closed()
    assert today.is_open()
    assert upcoming.starts_at > timezone.now()
    mai = past.attendances.get(member__phone="0912000005")
    assert mai.status in ATTENDED
    assert past.attendances.filter(status="").count() == 0
    assert today.attendances.count() == 7  # both Vị Tân teams invited


def test_admin_create_builds_roster(client, make_staff, team):
    officer = make_staff("ward", ward=team.ward)
    member = MembershipFactory(team=team).member
    client.force_login(officer)
    start = timezone.localtime(timezone.now() + datetime.timedelta(days=2)).replace(
        second=0, microsecond=0
    )
    data = {
        "title": "Tập huấn kỹ năng số cơ bản",
        "description": "",
        "organiser_province": team.ward.province_id,
        "organiser_ward": team.ward_id,
        "venue": "Nhà văn hóa",
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
        "late_after_minutes": 15,
        "open_before_minutes": 30,
        "qr_rotation_seconds": 30,
        "target_teams": [team.pk],
    }
    response = client.post(reverse("attendance_trainingsession:add"), data)
    assert response.status_code == 302, response.context["form"].errors
    session = TrainingSession.objects.get(title="Tập huấn kỹ năng số cơ bản")
    assert session.created_by == officer
    assert list(session.attendances.values_list("member_id", flat=True)) == [member.pk]


def test_admin_form_refuses_other_ward(client, make_staff, team):
    officer = make_staff("ward", ward=team.ward)
    other = make_staff("ward")
    client.force_login(other)
    start = timezone.now() + datetime.timedelta(days=2)
    response = client.post(
        reverse("attendance_trainingsession:add"),
        {
            "title": "Lạc xã",
            "organiser_province": team.ward.province_id,
            "organiser_ward": team.ward_id,
            "venue": "X",
            "starts_at": start.strftime("%Y-%m-%d %H:%M"),
            "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "late_after_minutes": 15,
            "open_before_minutes": 30,
            "qr_rotation_seconds": 30,
        },
    )
    assert response.status_code == 200
    assert "organiser_ward" in response.context["form"].errors
    assert not TrainingSession.objects.filter(title="Lạc xã").exists()
    assert officer  # the owning officer exists; only the stranger was refused
