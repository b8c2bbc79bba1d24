"""Training sessions with their rosters and attendance.

Each ward with members gets a few sessions, each inviting every team of the ward; who was there
is remembered so that completions and certificates follow from real attendance.
"""

import datetime
from collections import defaultdict

from courses.attendance.models import Attendance, TrainingSession

from .presets import (
    ATTENDANCE_WEIGHTS,
    CHECK_IN_METHODS,
    SESSIONS_PER_WARD,
    TZ,
    random_day,
    weighted,
)


def add_sessions(run, province, wards, ward_members, trainer):
    """Sessions per ward with their target ward and trainer. Returns (sessions, ward ids), in
    the same order."""
    rng = run.rng
    sessions, session_wards = [], []
    for ward in wards:
        if not ward_members[ward.pk]:
            continue
        for _n in range(rng.randint(*SESSIONS_PER_WARD)):
            course, _lessons = rng.choice(run.courses)
            day = random_day(rng)
            hour = rng.choice([8, 14])
            starts = datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)
            ends = starts + datetime.timedelta(hours=3)
            sessions.append(
                TrainingSession(
                    title=f"Tập huấn: {course.title}",
                    course_id=course.pk,
                    organiser_province_id=province.pk,
                    organiser_ward_id=ward.pk,
                    venue=f"Hội trường UBND {ward.name}",
                    starts_at=starts,
                    ends_at=ends,
                    closed_at=ends + datetime.timedelta(hours=1),
                    created_by_id=trainer.pk,
                )
            )
            session_wards.append(ward.pk)
    run.writer.create(sessions)
    TargetWards = TrainingSession.target_wards.through
    Trainers = TrainingSession.trainers.through
    run.writer.create(
        [
            TargetWards(trainingsession_id=s.pk, ward_id=w)
            for s, w in zip(sessions, session_wards, strict=True)
        ]
    )
    run.writer.create([Trainers(trainingsession_id=s.pk, user_id=trainer.pk) for s in sessions])
    return sessions, session_wards


def add_attendance(run, sessions, session_wards, ward_members):
    """Rosters and attendance. Returns who attended what: (member id, course id) -> sessions."""
    rng = run.rng
    attended = defaultdict(list)
    for session, ward_id in zip(sessions, session_wards, strict=True):
        for member, _team in ward_members[ward_id]:
            status = weighted(rng, ATTENDANCE_WEIGHTS)
            values = {}
            if status in ("present", "late"):
                late = status == "late"
                offset = rng.randint(16, 50) if late else rng.randint(-25, 14)
                values = {
                    "checked_in_at": session.starts_at + datetime.timedelta(minutes=offset),
                    "method": weighted(rng, CHECK_IN_METHODS),
                }
                attended[(member.pk, session.course_id)].append(session)
            run.writer.add(
                Attendance(session_id=session.pk, member_id=member.pk, status=status, **values)
            )
    return attended
