"""The training activity report as one SQL statement over the fact rows.

What ``selectors.training.activity_report`` reads, and the benchmark's floor (the statement
timed on the database alone). Four tagged parts in one result:

* ``u``: the units the sessions are counted in (provinces, a province's wards, or the ward);
* ``s``: per organising unit, sessions held in the period (up to now), people on their rosters
  and people who attended (``SessionFact``: one row per session instead of two million
  attendance rows);
* ``c``: per course, people enrolled by the end of the period, of whom completed by then, and
  completed within it (``LearnerCourseFact``, in the ward the person is registered in);
* ``k``: certificates issued per day of the period (folded into months by the caller), in the
  holder's ward.

Portable between SQLite and PostgreSQL; the tests hold it to the ORM's figures.
"""

import functools

from django.db import connections
from wagtail.models import Page

from certificates.models import Certificate
from teams.models import Member, Province, Ward

from .coverage_course_sql import course_tables
from .db import report_db_alias
from .models import SessionFact

NATIONAL, PROVINCE, WARD = "national", "province", "ward"


@functools.cache
def _tables():
    return {
        "province": Province._meta.db_table,
        "ward": Ward._meta.db_table,
        "member": Member._meta.db_table,
        "session": SessionFact._meta.db_table,
        "page": Page._meta.db_table,
        "certificate": Certificate._meta.db_table,
        **course_tables(),
    }


def _scope(params, *, province, ward):
    """SQL conditions (with parameters) for the unit looked at and the user's scope, on the
    columns ``province`` and ``ward`` (as ``selectors.common._scope_q``)."""
    conditions, args = [], []
    scope = params.scope
    if not scope.everything:
        conditions.append(f"{province} = %s")
        args.append(scope.province_id)
        if scope.ward_id:
            conditions.append(f"{ward} = %s")
            args.append(scope.ward_id)
    if params.province_id:
        conditions.append(f"{province} = %s")
        args.append(params.province_id)
    if params.ward_id:
        conditions.append(f"{ward} = %s")
        args.append(params.ward_id)
    return "".join(f" AND {c}" for c in conditions), args


def _course(params, column):
    """Conditions limiting ``column`` (a course id) to the chosen course and topic."""
    sql, args = "", []
    if params.course_id:
        sql += f" AND {column} = %s"
        args.append(params.course_id)
    if params.topic_id:
        sql += (
            f" AND {column} IN (SELECT coursepage_id FROM {_tables()['course_topic']}"
            " WHERE topic_id = %s)"
        )
        args.append(params.topic_id)
    return sql, args


def _units(params):
    t = _tables()
    if params.level == NATIONAL:
        return f"SELECT 'u', id, code, name, code, 0, 0, 0 FROM {t['province']}", []
    if params.level == PROVINCE:
        return (
            f"SELECT 'u', id, code, name, code, 0, 0, 0 FROM {t['ward']} WHERE province_id = %s",
            [params.province_id],
        )
    scope_sql, scope_args = _scope(params, province="province_id", ward="id")
    return (
        f"SELECT 'u', id, code, name, code, 0, 0, 0 FROM {t['ward']} WHERE id = %s{scope_sql}",
        [params.ward_id, *scope_args],
    )


def activity_statement(*, params, period_bounds, now):
    """(sql, parameters) of the activity figures of ``params`` (a ``ReportParams`` limited to
    the user's scope); ``period_bounds`` are the period's aware [start, end) datetimes."""
    ops = connections[report_db_alias()].ops
    date, moment = ops.adapt_datefield_value, ops.adapt_datetimefield_value
    t = _tables()
    start, end = period_bounds
    key = "sf.organiser_province_id" if params.level == NATIONAL else "sf.organiser_ward_id"

    units_sql, units_args = _units(params)
    session_scope, session_scope_args = _scope(
        params, province="sf.organiser_province_id", ward="sf.organiser_ward_id"
    )
    session_course, session_course_args = _course(params, "sf.course_id")
    learner_scope, learner_scope_args = _scope(params, province="lc.province_id", ward="lc.ward_id")
    learner_course, learner_course_args = _course(params, "lc.course_id")
    holder_scope, holder_scope_args = _scope(params, province="w.province_id", ward="m.ward_id")
    holder_join = (
        f"JOIN {t['member']} m ON m.id = c.holder_id JOIN {t['ward']} w ON w.id = m.ward_id"
        if holder_scope
        else ""
    )
    certificate_course, certificate_course_args = _course(params, "c.course_id")
    period_start, period_end = date(params.period.start), date(params.period.end)
    sql = f"""
{units_sql}
UNION ALL
SELECT 's', {key}, '', '', '', COUNT(*), SUM(sf.invited), SUM(sf.attended)
FROM {t["session"]} sf
WHERE sf.starts_at >= %s AND sf.starts_at < %s{session_scope}{session_course}
GROUP BY {key}
UNION ALL
SELECT 'c', lc.course_id, '', p.title, p.title, COUNT(*),
       COUNT(*) FILTER (WHERE lc.completed_on <= %s),
       COUNT(*) FILTER (WHERE lc.completed_on >= %s AND lc.completed_on <= %s)
FROM {t["learner_course"]} lc JOIN {t["page"]} p ON p.id = lc.course_id
WHERE lc.enrolled_on <= %s{learner_scope}{learner_course}
GROUP BY lc.course_id, p.title
UNION ALL
SELECT 'k', 0, '', '', CAST(c.issued_on AS VARCHAR(10)), COUNT(*), 0, 0
FROM {t["certificate"]} c {holder_join}
WHERE c.issued_on >= %s AND c.issued_on <= %s{holder_scope}{certificate_course}
GROUP BY c.issued_on
ORDER BY 1, 5, 2
"""
    sql_params = [
        *units_args,
        moment(start),
        moment(min(end, now)),
        *session_scope_args,
        *session_course_args,
        period_end,
        period_start,
        period_end,
        period_end,
        *learner_scope_args,
        *learner_course_args,
        period_start,
        period_end,
        *holder_scope_args,
        *certificate_course_args,
    ]
    return sql, sql_params


def activity_figures(*, params, period_bounds, now):
    """Run :func:`activity_statement`: (units, {unit: sessions figures}, courses, {day: n})."""
    sql, sql_params = activity_statement(params=params, period_bounds=period_bounds, now=now)
    units, metrics, courses, issued = [], {}, [], {}
    with connections[report_db_alias()].cursor() as cursor:
        cursor.execute(sql, sql_params)
        for part, key, code, name, sort, a, b, c in cursor.fetchall():
            if part == "u":
                units.append({"unit_id": key, "code": code, "name": name})
            elif part == "s":
                metrics[key] = {"sessions": a, "invited": b or 0, "attended": c or 0}
            elif part == "c":
                courses.append((key, name, a, b, c))
            else:
                issued[sort] = a
    return units, metrics, courses, issued
