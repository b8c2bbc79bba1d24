"""What members do with the scale courses: enrolments, lesson progress and course
completions. Members who attended a session of a course mostly enrol and finish it; a few
others study on their own.
"""

import datetime

from courses.models import CourseCompletion, Enrolment, LessonProgress

from .certificates import add_certificate
from .presets import LAST_DAY, TZ, random_day


def add_learning(run, wards, ward_members, attended):
    """Enrolments, progress, completions and certificates of every member of ``wards``."""
    for ward in wards:
        for member, team in ward_members[ward.pk]:
            for course, lessons in run.courses:
                went = attended.get((member.pk, course.pk), [])
                completed = _study(run, member, course, lessons, went)
                if completed is None:
                    continue
                completed_on, last = completed
                if run.rng.random() >= 0.92:
                    continue  # completed, certificate not issued yet
                add_certificate(
                    run,
                    member=member,
                    team=team,
                    ward=ward,
                    course=course,
                    session=last,
                    completed_on=completed_on,
                )


def _study(run, member, course, lessons, went):
    """Enrol ``member`` (or not) and record their lessons. Returns (completed on, last session
    attended) when they completed the course, else None."""
    rng = run.rng
    enrolled = rng.random() < (0.6 if went else 0.07)
    if not enrolled:
        return None
    last = max(went, key=lambda s: s.starts_at) if went else None
    enrolled_at = (
        last.starts_at - datetime.timedelta(days=rng.randint(1, 20))
        if last
        else datetime.datetime.combine(random_day(rng), datetime.time(20), tzinfo=TZ)
    )
    run.writer.add(
        Enrolment(
            member_id=member.pk,
            course_id=course.pk,
            enrolled_at=enrolled_at,
            source="bulk" if went else "self",
        )
    )
    finishes = rng.random() < (0.8 if went else 0.3)
    done = len(lessons) if finishes else rng.randint(0, len(lessons) - 1)
    if len(went) < course.min_sessions:
        finishes = False
    for position, lesson_id in enumerate(lessons[: done + (0 if finishes else 1)]):
        seen = enrolled_at + datetime.timedelta(days=position + 1)
        run.writer.add(
            LessonProgress(
                member_id=member.pk,
                lesson_id=lesson_id,
                last_viewed_at=seen,
                completed_at=seen if position < done else None,
            )
        )
    if not finishes:
        return None
    return _complete(run, member, course, lessons, went, enrolled_at, last), last


def _complete(run, member, course, lessons, went, enrolled_at, last):
    completed_on = min(
        (enrolled_at + datetime.timedelta(days=len(lessons) + 1)).date(),
        LAST_DAY,
    )
    if last is not None:
        completed_on = max(completed_on, last.starts_at.date())
    run.writer.add(
        CourseCompletion(
            member_id=member.pk,
            course_id=course.pk,
            completed_on=completed_on,
            quiz_score_percent=None,
            sessions_attended=len(went),
        )
    )
    return completed_on
