"""The training activity report: sessions held and attendance, enrolments and completions per
course, certificates issued per month.

Training sessions belong to the unit that organised them; learners and certificates to the ward
the learner is registered in, because many learners (walk-ins, citizens) are in no team. (Not to
be confused with ``lms.reports.activity``, which maintains ``CoverageFact``.)

It is one statement over the fact rows (``lms.reports.activity_sql``: ``SessionFact``,
``LearnerCourseFact`` and the certificates); the ORM version on the source tables
(:func:`_activity_from_sources`) stays as the definition the tests hold it to.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from certificates.models import Certificate
from courses.attendance.models import Attendance, TrainingSession
from courses.models import CourseCompletion, Enrolment
from teams.models import Ward

from .. import sources
from ..activity_sql import activity_figures
from ..db import report_db_alias
from .common import (
    NATIONAL,
    OWN_LEVEL_LABELS,
    PROVINCE,
    WARD,
    Report,
    ReportParams,
    _course_q,
    _merge,
    _pct,
    _period_bounds,
    _rows,
    _scope_q,
    _sum,
    _units,
)

ACTIVITY_COUNTS = ["sessions", "invited", "attended"]


def _activity_percentages(row):
    row["attendance_pct"] = _pct(row["attended"], row["invited"])
    return row


def _learner_q(params, member="member"):
    return _scope_q(params, province=f"{member}__ward__province_id", ward=f"{member}__ward_id")


def activity_report(*, params: ReportParams) -> Report:
    """Sessions held and attendance per organising unit, enrolments and completions per course,
    certificates issued per month. One statement."""
    if params.scope.nothing:
        return _activity_from_sources(params)
    units, metrics, courses, issued = activity_figures(
        params=params, period_bounds=_period_bounds(params.period), now=timezone.now()
    )
    per_month = {}
    for day, n in issued.items():
        month = datetime.date.fromisoformat(day[:10]).replace(day=1)
        per_month[month] = per_month.get(month, 0) + n
    months = [{"month": m, "issued": per_month.get(m, 0)} for m in _months(params.period)]
    courses = [
        {
            "course_id": course_id,
            "title": title,
            "enrolled": enrolled,
            "completed": completed,
            "completed_in_period": in_period,
            "completion_pct": _pct(completed, enrolled),
        }
        for course_id, title, enrolled, completed, in_period in courses
    ]
    return _activity_result(params, units, metrics, courses, months)


def _activity_result(params, units, metrics, courses, months):
    rows = _rows(
        params, units, metrics, ACTIVITY_COUNTS, own_level_label=OWN_LEVEL_LABELS.get(params.level)
    )
    rows = [_activity_percentages(row) for row in rows]
    totals = _activity_percentages(_sum(rows, ACTIVITY_COUNTS))
    return Report(
        params=params, rows=rows, totals=totals, extra={"courses": courses, "months": months}
    )


def _activity_from_sources(params):
    """The activity figures counted on the source tables with the ORM (five queries)."""
    db = report_db_alias()
    level = params.level
    start, end = _period_bounds(params.period)
    now = timezone.now()

    # Sessions belong to the unit that organised them; in a ward only that ward's own row.
    if level == WARD:
        units = [
            {"unit_id": unit_id, "code": code, "name": name}
            for unit_id, code, name in Ward.objects.using(db)
            .filter(pk=params.ward_id)
            .filter(_scope_q(params, province="province_id", ward="id"))
            .values_list("id", "code", "name")
        ]
    else:
        units = _units(params)
    metrics = {}
    session_key = {
        NATIONAL: "organiser_province_id",
        PROVINCE: "organiser_ward_id",
        WARD: "organiser_ward_id",
    }[level]
    attendance = Attendance._meta.get_field("session").related_query_name()
    sessions = (
        TrainingSession.objects.using(db)
        .filter(
            _scope_q(params, province="organiser_province_id", ward="organiser_ward_id"),
            _course_q(params, "course"),
            starts_at__gte=start,
            starts_at__lt=min(end, now),
        )
        .order_by()
        .values(session_key)
        .annotate(
            sessions=Count("id", distinct=True),
            invited=Count(attendance),
            attended=Count(
                attendance,
                filter=Q(**{f"{attendance}__status__in": sources.ATTENDED_STATUSES}),
            ),
        )
    )
    _merge(metrics, session_key, sessions)
    return _activity_result(
        params, units, metrics, _course_activity(params), _certificates_per_month(params)
    )


def _course_activity(params):
    """Per course: learners enrolled by the end of the period, how many of them had completed
    by then, how many completed within the period, and the completion rate."""
    db = report_db_alias()
    _start, end = _period_bounds(params.period)
    completed_by_end = CourseCompletion.objects.filter(
        member_id=OuterRef("member_id"),
        course_id=OuterRef("course_id"),
        completed_on__lte=params.period.end,
    )
    completed_in_period = completed_by_end.filter(completed_on__gte=params.period.start)
    per_course = (
        Enrolment.objects.using(db)
        .filter(_learner_q(params), _course_q(params, "course"), enrolled_at__lt=end)
        .order_by()
        .values("course_id", "course__title")
        .annotate(
            enrolled=Count("member_id", distinct=True),
            completed=Count("member_id", distinct=True, filter=Q(Exists(completed_by_end))),
            completed_in_period=Count(
                "member_id", distinct=True, filter=Q(Exists(completed_in_period))
            ),
        )
        .order_by("course__title")
    )
    rows = []
    for row in per_course:
        rows.append(
            {
                "course_id": row["course_id"],
                "title": row["course__title"],
                "enrolled": row["enrolled"],
                "completed": row["completed"],
                "completed_in_period": row["completed_in_period"],
                "completion_pct": _pct(row["completed"], row["enrolled"]),
            }
        )
    return rows


def _months(period):
    month = period.start.replace(day=1)
    while month <= period.end:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def _certificates_per_month(params):
    """Certificates issued per month of the period (every month listed, zeros included)."""
    counts = {}
    issued = (
        Certificate.objects.using(report_db_alias())
        .filter(
            _learner_q(params, member="holder"),
            _course_q(params, "course"),
            issued_on__gte=params.period.start,
            issued_on__lte=params.period.end,
        )
        .order_by()
        .annotate(month=TruncMonth("issued_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in issued:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = month.date()
        counts[month] = row["n"]
    return [{"month": month, "issued": counts.get(month, 0)} for month in _months(params.period)]
