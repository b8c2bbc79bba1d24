"""Keeps ``LearnerCourseFact`` equal to the enrolments, attendance, completions and
certificates it is derived from.

Like the coverage rows (``lms.reports.activity``), the rows are recomputed for a set of people
from the source tables, never adjusted: right after a service changed something about them
(the ``members_changed`` receiver, inside the service's transaction), or for everyone after a
bulk load (:func:`learner_facts_rebuild`). Trained months and certificate spans mean what they
mean in ``CoverageFact``, for one course.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import DateField, DateTimeField, F, Value
from django.db.models.functions import Cast
from django.utils import timezone

from certificates.models import Certificate
from courses.attendance.models import Attendance, TrainingSession
from courses.models import CourseCompletion, Enrolment
from teams.models import Member, Ward

from . import sources
from .activity import certification_span, month_index
from .models import ACTIVITY_EPOCH_YEAR, ACTIVITY_MONTHS, LearnerCourseFact

CHUNK = 2000


class _Row:
    __slots__ = ("certificates", "completed_on", "enrolled_on", "months")

    def __init__(self):
        self.enrolled_on = self.completed_on = None
        self.months = 0
        self.certificates = []

    def mark(self, year, month):
        index = month_index(year, month)
        if index is not None:
            self.months |= 1 << index


# What each part of the one read of :func:`_rows` is.
ENROLLED, ATTENDED, COMPLETED, CERTIFIED = 1, 2, 3, 4


def _source_rows(member_ids):
    """Every enrolment, attendance, completion and valid certificate of ``member_ids``, with the
    person's ward and province, in one query (a check-in pays one read here, not five):
    (part, member, course, ward, province, moment, day, other day)."""
    ids = {"member_id__in": member_ids}

    def part(queryset, kind, member, course, moment=None, day=None, other=None):
        return (
            queryset.order_by()
            .annotate(
                _part=Value(kind),
                _member=F(member),
                _course=F(course),
                _ward=F(f"{member.removesuffix('_id')}__ward_id"),
                _province=F(f"{member.removesuffix('_id')}__ward__province_id"),
                # Typed NULLs: PostgreSQL does not match an untyped NULL with a date in a UNION.
                _moment=F(moment) if moment else Cast(Value(None), DateTimeField()),
                _day=F(day) if day else Cast(Value(None), DateField()),
                _other=F(other) if other else Cast(Value(None), DateField()),
            )
            .values_list(
                "_part", "_member", "_course", "_ward", "_province", "_moment", "_day", "_other"
            )
        )

    enrolled = part(
        Enrolment.objects.filter(**ids), ENROLLED, "member_id", "course_id", "enrolled_at"
    )
    attended = part(
        Attendance.objects.filter(
            **ids, status__in=sources.ATTENDED_STATUSES, session__course_id__isnull=False
        ),
        ATTENDED,
        "member_id",
        "session__course_id",
        "session__starts_at",
    )
    completed = part(
        CourseCompletion.objects.filter(**ids),
        COMPLETED,
        "member_id",
        "course_id",
        day="completed_on",
    )
    valid = part(
        Certificate.objects.filter(holder_id__in=member_ids, status=sources.CERTIFICATE_VALID),
        CERTIFIED,
        "holder_id",
        "course_id",
        day="issued_on",
        other="expires_on",
    )
    return enrolled.union(attended, completed, valid, all=True)


def _rows(member_ids):
    rows, wards = defaultdict(_Row), {}
    for kind, member_id, course_id, ward_id, province_id, moment, day, other in _source_rows(
        member_ids
    ):
        wards[member_id] = (ward_id, province_id)
        row = rows[member_id, course_id]
        if kind == ENROLLED:
            row.enrolled_on = timezone.localdate(moment)
        elif kind == ATTENDED:
            local = timezone.localtime(moment)
            row.mark(local.year, local.month)
        elif kind == COMPLETED:
            row.completed_on = day
            row.mark(day.year, day.month)
        else:
            row.certificates.append((day, other))
    return rows, wards


def _facts(member_ids):
    rows, wards = _rows(member_ids)
    facts = []
    for (member_id, course_id), row in rows.items():
        ward_id, province_id = wards[member_id]
        span = certification_span(row.certificates) or (None, None, True)
        facts.append(
            LearnerCourseFact(
                member_id=member_id,
                course_id=course_id,
                ward_id=ward_id,
                province_id=province_id,
                enrolled_on=row.enrolled_on,
                completed_on=row.completed_on,
                trained_months=row.months,
                certified_from=span[0],
                certified_until=span[1],
                certified_gapless=span[2],
            )
        )
    return facts


def learner_facts_refresh(*, member_ids) -> None:
    """Recompute the per-course rows of ``member_ids`` (three queries per 2,000 people). The
    caller holds the people's row locks (``member_activity_refresh`` takes them first)."""
    ids = sorted({int(pk) for pk in member_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        LearnerCourseFact.objects.filter(member_id__in=chunk).delete()
        LearnerCourseFact.objects.bulk_create(_facts(chunk), batch_size=CHUNK)


def _rebuild_sql():
    """Every row as one ``INSERT ... SELECT`` (PostgreSQL: ``BIT_OR``, ``AT TIME ZONE``). The
    same rules as :func:`_facts`; a person holds at most one valid certificate per course (a
    database constraint), so a course's span is that certificate's and has no gap. Written in
    course order, so that a course filter reads a quarter of the table, not all of it."""
    t = {
        "fact": LearnerCourseFact._meta.db_table,
        "enrolment": Enrolment._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "session": TrainingSession._meta.db_table,
        "completion": CourseCompletion._meta.db_table,
        "certificate": Certificate._meta.db_table,
        "member": Member._meta.db_table,
        "ward": Ward._meta.db_table,
    }

    def bit(day):
        index = (
            f"((EXTRACT(YEAR FROM {day})::int - {ACTIVITY_EPOCH_YEAR}) * 12"
            f" + EXTRACT(MONTH FROM {day})::int - 1)"
        )
        return (
            f"CASE WHEN {index} BETWEEN 0 AND {ACTIVITY_MONTHS - 1} THEN 1::bigint << {index} END"
        )

    attended = ", ".join(["%s"] * len(sources.ATTENDED_STATUSES))
    return f"""
INSERT INTO {t["fact"]} (member_id, course_id, province_id, ward_id, enrolled_on, completed_on,
    trained_months, certified_from, certified_until, certified_gapless)
SELECT k.member_id, k.course_id, w.province_id, m.ward_id, MAX(k.enrolled_on),
       MAX(k.completed_on), COALESCE(BIT_OR(k.bit), 0), MAX(k.certified_from),
       MAX(k.certified_until), TRUE
FROM (
    SELECT member_id, course_id, (enrolled_at AT TIME ZONE %s)::date AS enrolled_on,
           NULL::date AS completed_on, NULL::bigint AS bit, NULL::date AS certified_from,
           NULL::date AS certified_until
    FROM {t["enrolment"]}
    UNION ALL
    SELECT member_id, course_id, NULL, NULL, {bit("local")}, NULL, NULL
    FROM (
        SELECT a.member_id, s.course_id, s.starts_at AT TIME ZONE %s AS local
        FROM {t["attendance"]} a JOIN {t["session"]} s ON s.id = a.session_id
        WHERE a.status IN ({attended}) AND s.course_id IS NOT NULL
    ) attended
    UNION ALL
    SELECT member_id, course_id, NULL, completed_on, {bit("completed_on")}, NULL, NULL
    FROM {t["completion"]}
    UNION ALL
    SELECT holder_id, course_id, NULL, NULL, NULL, issued_on, expires_on
    FROM {t["certificate"]} WHERE status = %s
) k
JOIN {t["member"]} m ON m.id = k.member_id
JOIN {t["ward"]} w ON w.id = m.ward_id
GROUP BY k.member_id, k.course_id, w.province_id, m.ward_id
ORDER BY k.course_id, k.member_id"""


def learner_facts_rebuild(*, chunk_size=CHUNK) -> int:
    """Recompute every row: one statement on PostgreSQL (seconds nationally), else a chunk of
    people at a time. Returns the number of rows."""
    LearnerCourseFact.objects.all().delete()
    if connection.vendor == "postgresql":
        tz = timezone.get_current_timezone_name()
        with connection.cursor() as cursor:
            cursor.execute(
                _rebuild_sql(),
                [tz, tz, *sources.ATTENDED_STATUSES, sources.CERTIFICATE_VALID],
            )
        return LearnerCourseFact.objects.count()
    ids = list(Member.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), chunk_size):
        chunk = ids[start : start + chunk_size]
        LearnerCourseFact.objects.bulk_create(_facts(chunk), batch_size=CHUNK * 2)
    return LearnerCourseFact.objects.count()
