"""The coverage report with a course or topic filter, as one statement: ``CoverageFact`` for
where people count and who is an active member, ``LearnerCourseFact`` for whether they trained
in, or hold a valid certificate of, the chosen course (or any course of the chosen topic).

The per-course rows of the chosen courses are folded to one row per person (trained, certified)
and joined to the coverage rows, so the national report stays one pass over each table
(measured 2.5 s with the ORM on the source tables). The same counting rules as the ORM path
(``trained_q`` / ``certified_q`` with ``_course_q``); the tests hold the two to the same
figures.
"""

import datetime
import functools

from django.db import connections
from django.db.models.expressions import RawSQL

from certificates.models import Certificate
from courses.models import CoursePage
from teams.choices import TeamStatus

from . import sources
from .coverage_sql import WARD, _level_parts, _member_counts, _union_sql, table_names
from .db import report_db_alias
from .models import LearnerCourseFact

_RULE_DAY = datetime.date(1900, 1, 1)


@functools.cache
def course_tables():
    return {
        "learner_course": LearnerCourseFact._meta.db_table,
        "course_topic": CoursePage.topics.through._meta.db_table,
    }


@functools.lru_cache(maxsize=8)
def _holds_course_certificate_compiled(alias):
    """``Certificate.objects.valid_on`` for the person and course of the row ``lc``."""
    holds = (
        Certificate.objects.valid_on(_RULE_DAY)
        .filter(holder_id=RawSQL("lc.member_id", ()), course_id=RawSQL("lc.course_id", ()))
        .order_by()
        .values("pk")
    )
    sql, params = holds.query.get_compiler(using=alias).as_sql()
    return sql, tuple(params)


def course_certified_condition(day):
    """(sql, parameters): the person of row ``lc`` holds a certificate of its course valid on
    ``day`` (the span answers, the certificates themselves only when it has a gap)."""
    alias = report_db_alias()
    adapt = connections[alias].ops.adapt_datefield_value
    sql, params = _holds_course_certificate_compiled(alias)
    rule_day = adapt(_RULE_DAY)
    params = [day if p == _RULE_DAY else adapt(day) if p == rule_day else p for p in params]
    return (
        f"""(lc.certified_from IS NOT NULL AND lc.certified_from <= %s
        AND (lc.certified_until IS NULL OR lc.certified_until >= %s)
        AND (lc.certified_gapless OR EXISTS ({sql})))""",
        [adapt(day), adapt(day), *params],
    )


def course_trained_condition(*, period, full_mask, edge_mask, period_bounds):
    """(sql, parameters): the person of row ``lc`` trained in its course in the period."""
    t = table_names()
    ops = connections[report_db_alias()].ops
    sql = "(lc.trained_months & %s) <> 0"
    params = [full_mask]
    if edge_mask:
        attended = ", ".join(["%s"] * len(sources.ATTENDED_STATUSES))
        sql = f"""({sql} OR ((lc.trained_months & %s) <> 0 AND (
            EXISTS (SELECT 1 FROM {t["completion"]} c
                    WHERE c.member_id = lc.member_id AND c.course_id = lc.course_id
                      AND c.completed_on >= %s AND c.completed_on <= %s)
            OR EXISTS (SELECT 1 FROM {t["attendance"]} a
                       JOIN {t["session"]} s ON s.id = a.session_id
                       WHERE a.member_id = lc.member_id AND s.course_id = lc.course_id
                         AND a.status IN ({attended})
                         AND s.starts_at >= %s AND s.starts_at < %s))))"""
        start, end = period_bounds
        params += [
            edge_mask,
            ops.adapt_datefield_value(period.start),
            ops.adapt_datefield_value(period.end),
            *sources.ATTENDED_STATUSES,
            ops.adapt_datetimefield_value(start),
            ops.adapt_datetimefield_value(end),
        ]
    return sql, params


def course_where(params):
    """(sql, parameters) limiting rows ``lc`` to the chosen course and/or topic."""
    conditions, args = [], []
    if params.course_id:
        conditions.append("lc.course_id = %s")
        args.append(params.course_id)
    if params.topic_id:
        conditions.append(
            f"lc.course_id IN (SELECT coursepage_id FROM {course_tables()['course_topic']} "
            "WHERE topic_id = %s)"
        )
        args.append(params.topic_id)
    return " AND ".join(conditions), args


def coverage_course_statement(*, params, full_mask, edge_mask, period_bounds):
    """(sql, parameters) of the coverage figures of ``params`` (with a course or topic)."""
    level = params.level
    unit_id = params.ward_id if level == WARD else params.province_id
    parts = _level_parts(level, unit_id)
    scope_params = [] if level == "national" else [unit_id]
    level_where, level_params, fact_level_where = "", [], ""
    first = parts.first
    if params.team_level:
        level_where, level_params = "AND t.level = %s", [params.team_level]
        fact_level_where = "AND f.team_level = %s"
        first = None

    trained_sql, trained_params = course_trained_condition(
        period=params.period,
        full_mask=full_mask,
        edge_mask=edge_mask,
        period_bounds=period_bounds,
    )
    certified_sql, certified_params = course_certified_condition(params.reference_date)
    where_sql, where_params = course_where(params)
    # One course: at most one row per person already; a topic's courses are folded per person.
    # Only people who trained or hold a certificate are joined: the others count as neither.
    trained = f"CASE WHEN {trained_sql} THEN 1 ELSE 0 END"
    certified = f"CASE WHEN {certified_sql} THEN 1 ELSE 0 END"
    if params.topic_id:
        trained, certified = f"MAX({trained})", f"MAX({certified})"
        group = "GROUP BY lc.member_id"
    else:
        group = ""
    fact_join = f"""LEFT JOIN (
    SELECT lc.member_id, {trained} AS trained, {certified} AS certified
    FROM {course_tables()["learner_course"]} lc
    WHERE {where_sql} AND ({trained_sql} OR {certified_sql}) {group}
) c ON c.member_id = f.member_id"""
    sql = _union_sql(
        parts,
        level_where=level_where,
        fact_level_where=fact_level_where,
        members=_member_counts(first, "c.trained = 1", "c.certified = 1"),
        fact_join=fact_join,
    )
    sql_params = [
        *parts.unit_params,
        True,
        *scope_params,
        True,
        TeamStatus.ACTIVE,
        *scope_params,
        *level_params,
        *trained_params,
        *certified_params,
        *where_params,
        *trained_params,
        *certified_params,
        *scope_params,
        *level_params,
    ]
    return sql, sql_params
