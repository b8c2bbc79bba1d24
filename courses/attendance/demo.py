"""Demo sessions for the Phường Vị Tân teams: one past (attendance recorded and closed), one
open today, one upcoming. Idempotent: sessions are found by title and ward and never changed
once they exist."""

import datetime

from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from lms.accounts.models import User
from teams.models import CommunityTeam, Ward

from .choices import AttendanceStatus
from .models import TrainingSession
from .services import attendance_roll_call, session_close, session_create

DEMO_WARD = "31333"  # Phường Vị Tân, Thành phố Cần Thơ
DEMO_COURSE_TITLE = "Nhận diện và phòng chống lừa đảo trực tuyến"
TITLES = {
    "past": "Tập huấn nhận diện lừa đảo trực tuyến – buổi 1",
    "today": "Tập huấn nhận diện lừa đảo trực tuyến – buổi 2",
    "upcoming": "Tập huấn dịch vụ công trực tuyến và VNeID",
}
VENUE = "Hội trường UBND Phường Vị Tân"

# How the past session went, by phone (everyone else on the roster: present).
PAST_MARKS = {
    "0912000005": (AttendanceStatus.PRESENT, ""),
    "0912000101": (AttendanceStatus.LATE, "Đến lúc 8 giờ 25"),
    "0912000103": (AttendanceStatus.EXCUSED, "Đi công tác"),
    "0912000202": (AttendanceStatus.ABSENT, ""),
}


def _demo_course():
    return (
        CoursePage.objects.filter(title=DEMO_COURSE_TITLE).first()
        or CoursePage.objects.filter(title__icontains="lừa đảo").order_by("pk").first()
    )


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _seed_past(*, course, trainer, today, common):
    """Last week's session: marked from PAST_MARKS at its end, then closed an hour later."""
    day = today - datetime.timedelta(days=7)
    past = session_create(
        title=TITLES["past"],
        course=course,
        starts_at=_at(day, 8),
        ends_at=_at(day, 11),
        **common,
    )
    rows = past.attendances.select_related("member")
    marks = {a.pk: PAST_MARKS.get(a.member.phone, (AttendanceStatus.PRESENT, "")) for a in rows}
    attendance_roll_call(session=past, marks=marks, by=trainer, now=past.ends_at)
    session_close(session=past, by=trainer, now=past.ends_at + datetime.timedelta(hours=1))
    return past


def _seed_today(*, course, now, common):
    """Today's session, started a quarter of an hour ago so it is open for check-in."""
    local = timezone.localtime(now)
    start = local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)
    start -= datetime.timedelta(minutes=15)
    return session_create(
        title=TITLES["today"],
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        **common,
    )


def _seed_upcoming(*, today, common):
    """Next week's session, with no course attached."""
    day = today + datetime.timedelta(days=7)
    return session_create(
        title=TITLES["upcoming"],
        starts_at=_at(day, 14),
        ends_at=_at(day, 16, 30),
        **common,
    )


@transaction.atomic
def seed(*, stdout=None):
    ward = Ward.objects.filter(code=DEMO_WARD).first()
    if ward is None:
        return []
    teams = list(CommunityTeam.objects.filter(ward=ward, status="active"))
    trainer = User.objects.filter(username="0912000001").first()
    course = _demo_course()
    now = timezone.now()
    today = timezone.localdate()
    existing = set(
        TrainingSession.objects.filter(organiser_ward=ward, title__in=TITLES.values()).values_list(
            "title", flat=True
        )
    )
    common = {
        "organiser_ward": ward,
        "organiser_province": ward.province,
        "venue": VENUE,
        "trainers": [trainer] if trainer else [],
        "target_teams": teams,
        "created_by": trainer,
        "capacity": 60,
    }
    made = []
    if TITLES["past"] not in existing:
        made.append(_seed_past(course=course, trainer=trainer, today=today, common=common))
    if TITLES["today"] not in existing:
        made.append(_seed_today(course=course, now=now, common=common))
    if TITLES["upcoming"] not in existing:
        made.append(_seed_upcoming(today=today, common=common))
    if stdout is not None and made:
        stdout.write(f"Tập huấn: {len(made)} buổi mẫu.\n")
    return made
