"""The coverage report as one SQL statement over ``CoverageFact``.

The report's own figures, read by :func:`~lms.reports.selectors.coverage_report` whenever the
coverage rows can answer (see ``selectors.activity_applies``), and the benchmark's floor: the
statement timed on the database alone. One statement and one round trip at every level,
because at ward level (a 2 ms query) a fixed cost per query of the ORM would be most of the
time. It returns four parts in one result, each row tagged with its part:

* ``u``: the sub-units (id, code, name, hamlet kind), in report order;
* ``h``: active hamlets per sub-unit;
* ``t``: active teams and hamlets with an active team per sub-unit;
* ``m``: active members, trained in the period, holding a valid certificate, per sub-unit.

Keys of the ``t`` and ``m`` parts that are no sub-unit (0: a commune-level team, whose hamlet
is empty, in a ward breakdown) become the report's own-level row. Portable between SQLite
(3.30 or later, for ``FILTER``) and PostgreSQL; the counting rules are those of the ORM path
on the source tables, and the tests hold the two to the same figures.
"""

import datetime
import functools
from typing import NamedTuple

from django.db import connections
from django.db.models.expressions import RawSQL

from certificates.models import Certificate
from courses.attendance.models import Attendance, TrainingSession
from courses.models import CourseCompletion
from teams.choices import TeamStatus
from teams.models import CommunityTeam, Hamlet, Membership, Province, Ward

from . import sources
from .db import report_db_alias
from .models import CoverageFact

NATIONAL, PROVINCE, WARD = "national", "province", "ward"  # ReportParams.level


@functools.cache
def table_names():
    """Database table of every model the coverage statements read, by short name."""
    return {
        "province": Province._meta.db_table,
        "ward": Ward._meta.db_table,
        "hamlet": Hamlet._meta.db_table,
        "team": CommunityTeam._meta.db_table,
        "membership": Membership._meta.db_table,
        "fact": CoverageFact._meta.db_table,
        "attendance": Attendance._meta.db_table,
        "session": TrainingSession._meta.db_table,
        "completion": CourseCompletion._meta.db_table,
        "certificate": Certificate._meta.db_table,
    }


# A day no certificate rule ever meets, standing for the report's day in the compiled rule.
_RULE_DAY = datetime.date(1900, 1, 1)


@functools.lru_cache(maxsize=8)
def _holds_valid_certificate_compiled(alias):
    """The certificates app's one rule (``Certificate.objects.valid_on``) for the fact's member
    ``f``, compiled once per database: compiling it costs 0.6 ms, a third of a ward's report."""
    holds = (
        Certificate.objects.valid_on(_RULE_DAY)
        .filter(holder_id=RawSQL("f.member_id", ()))
        .order_by()
        .values("pk")
    )
    sql, params = holds.query.get_compiler(using=alias).as_sql()
    return sql, tuple(params)


def _holds_valid_certificate(day):
    """(sql, parameters) of "the fact's member ``f`` holds a certificate valid on ``day``"."""
    alias = report_db_alias()
    sql, params = _holds_valid_certificate_compiled(alias)
    adapt = connections[alias].ops.adapt_datefield_value
    rule_day = adapt(_RULE_DAY)
    return sql, [day if p == _RULE_DAY else adapt(day) if p == rule_day else p for p in params]


class _LevelParts(NamedTuple):
    """The pieces of the statement that depend on the level of the breakdown."""

    units: str  # the sub-units' select
    units_where: str
    unit_params: list
    hamlet_key: str  # what the hamlets, teams and coverage rows are grouped by ...
    hamlet_where: str  # ... and the scope each is limited to
    team_key: str
    team_where: str
    fact_key: str
    fact_where: str
    first: str | None  # the column that counts each person once, or None: COUNT(DISTINCT)


def _level_parts(level, unit_id):
    t = table_names()
    if level == NATIONAL:
        units = f"SELECT id, code, name, '' AS kind, code AS sort FROM {t['province']}"
        units_where, unit_params = "", []
        hamlet_key, hamlet_where = "w.province_id", ""
        team_key, team_where = "w.province_id", ""
        fact_key, fact_where, first = "f.province_id", "", "f.first_in_province"
    elif level == PROVINCE:
        units = f"SELECT id, code, name, '' AS kind, code AS sort FROM {t['ward']}"
        units_where, unit_params = "WHERE province_id = %s", [unit_id]
        hamlet_key, hamlet_where = "h.ward_id", "AND w.province_id = %s"
        team_key, team_where = "t.ward_id", "AND w.province_id = %s"
        fact_key, fact_where, first = "f.ward_id", "AND f.province_id = %s", "f.first_in_ward"
    else:
        units = f"SELECT id, code, name, kind, name AS sort FROM {t['hamlet']}"
        units_where, unit_params = "WHERE ward_id = %s AND is_active = %s", [unit_id, True]
        hamlet_key, hamlet_where = "h.id", "AND h.ward_id = %s"
        team_key, team_where = "COALESCE(t.hamlet_id, 0)", "AND t.ward_id = %s"
        # A person may be in two commune-level teams of a ward, so count distinct people.
        fact_key, fact_where, first = "COALESCE(f.hamlet_id, 0)", "AND f.ward_id = %s", None
    return _LevelParts(
        units,
        units_where,
        unit_params,
        hamlet_key,
        hamlet_where,
        team_key,
        team_where,
        fact_key,
        fact_where,
        first,
    )


def _trained_condition(*, params, full_mask, edge_mask, period_bounds, ops):
    """(sql, parameters) of "the fact's member trained in the period"."""
    t = table_names()
    date = ops.adapt_datefield_value
    start, end = period_bounds
    trained = ["(f.trained_months & %s) <> 0"]
    trained_params = [full_mask]
    if edge_mask:
        # A month the period covers in part: only people who trained in it are looked up.
        trained.append(
            f"""((f.trained_months & %s) <> 0 AND (
                EXISTS (SELECT 1 FROM {t["completion"]} c
                        WHERE c.member_id = f.member_id
                          AND c.completed_on >= %s AND c.completed_on <= %s)
                OR EXISTS (SELECT 1 FROM {t["attendance"]} a
                           JOIN {t["session"]} s ON s.id = a.session_id
                           WHERE a.member_id = f.member_id AND a.status IN (%s, %s)
                             AND s.starts_at >= %s AND s.starts_at < %s)))"""
        )
        trained_params += [
            edge_mask,
            date(params.period.start),
            date(params.period.end),
            *sources.ATTENDED_STATUSES,
            ops.adapt_datetimefield_value(start),
            ops.adapt_datetimefield_value(end),
        ]
    return "(" + " OR ".join(trained) + ")", trained_params


def _certified_condition(*, day, ops):
    """(sql, parameters) of "the fact's member holds a valid certificate on ``day``"."""
    date = ops.adapt_datefield_value
    holds_sql, holds_params = _holds_valid_certificate(day)
    certified_sql = f"""(f.certified_from IS NOT NULL AND f.certified_from <= %s
        AND (f.certified_until IS NULL OR f.certified_until >= %s)
        AND (f.certified_gapless OR EXISTS ({holds_sql})))"""
    return certified_sql, [date(day), date(day), *holds_params]


def _member_counts(first, trained_sql, certified_sql):
    """The select list of the ``m`` part: members, trained, certified."""
    if first:
        return f"""COUNT(*) FILTER (WHERE {first}),
            COUNT(*) FILTER (WHERE {first} AND {trained_sql}),
            COUNT(*) FILTER (WHERE {first} AND {certified_sql})"""
    return f"""COUNT(DISTINCT f.member_id),
            COUNT(DISTINCT f.member_id) FILTER (WHERE {trained_sql}),
            COUNT(DISTINCT f.member_id) FILTER (WHERE {certified_sql})"""


def _union_sql(parts, *, level_where, fact_level_where, members, fact_join=""):
    """The four parts (``u``, ``h``, ``t``, ``m``) as one UNION ALL statement; ``fact_join``
    joins what the member counts need beside the coverage rows (a course filter's rows)."""
    t = table_names()
    return f"""
SELECT 'u', id, code, name, kind, sort, 0, 0, 0 FROM ({parts.units} {parts.units_where}) units
UNION ALL
SELECT 'h', {parts.hamlet_key}, '', '', '', '', COUNT(*), 0, 0
FROM {t["hamlet"]} h JOIN {t["ward"]} w ON w.id = h.ward_id
WHERE h.is_active = %s {parts.hamlet_where}
GROUP BY {parts.hamlet_key}
UNION ALL
SELECT 't', {parts.team_key}, '', '', '', '', COUNT(*),
       COUNT(DISTINCT CASE WHEN h.is_active = %s THEN t.hamlet_id END), 0
FROM {t["team"]} t JOIN {t["ward"]} w ON w.id = t.ward_id
LEFT JOIN {t["hamlet"]} h ON h.id = t.hamlet_id
WHERE t.status = %s {parts.team_where} {level_where}
GROUP BY {parts.team_key}
UNION ALL
SELECT 'm', {parts.fact_key}, '', '', '', '', {members}
FROM {t["fact"]} f {fact_join}
WHERE 1 = 1 {parts.fact_where} {fact_level_where}
GROUP BY {parts.fact_key}
ORDER BY 1, 6, 2
"""


def coverage_statement(*, params, full_mask, edge_mask, period_bounds):
    """(sql, parameters) of the coverage figures for ``params`` (a ``ReportParams`` already
    limited to the user's scope). ``full_mask``/``edge_mask`` are the period's month masks and
    ``period_bounds`` its aware [start, end) datetimes."""
    ops = connections[report_db_alias()].ops
    level = params.level
    unit_id = params.ward_id if level == WARD else params.province_id
    parts = _level_parts(level, unit_id)
    scope_params = [] if level == NATIONAL else [unit_id]

    level_where, level_params = "", []
    fact_level_where = ""
    first = parts.first
    if params.team_level:
        level_where, level_params = "AND t.level = %s", [params.team_level]
        fact_level_where = "AND f.team_level = %s"
        first = None  # the first membership may be of the other level

    trained_sql, trained_params = _trained_condition(
        params=params,
        full_mask=full_mask,
        edge_mask=edge_mask,
        period_bounds=period_bounds,
        ops=ops,
    )
    certified_sql, certified_params = _certified_condition(day=params.reference_date, ops=ops)
    sql = _union_sql(
        parts,
        level_where=level_where,
        fact_level_where=fact_level_where,
        members=_member_counts(first, trained_sql, certified_sql),
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
        *scope_params,
        *level_params,
    ]
    return sql, sql_params


def coverage_figures(*, params, full_mask, edge_mask, period_bounds):
    """Run :func:`coverage_statement`: ([(id, code, name, kind)], {key: {figure: n}})."""
    sql, sql_params = coverage_statement(
        params=params, full_mask=full_mask, edge_mask=edge_mask, period_bounds=period_bounds
    )
    return figures_of(sql, sql_params)


def figures_of(sql, sql_params):
    """Run a coverage statement (this one or a course filter's): (units, metrics)."""
    units, metrics = [], {}
    with connections[report_db_alias()].cursor() as cursor:
        cursor.execute(sql, sql_params)
        for part, key, code, name, kind, _sort, a, b, c in cursor.fetchall():
            if part == "u":
                units.append((key, code, name, kind))
            elif part == "h":
                metrics.setdefault(key, {})["hamlets"] = a
            elif part == "t":
                metrics.setdefault(key, {}).update(teams=a, hamlets_covered=b)
            else:
                metrics.setdefault(key, {}).update(members=a, trained=b, certified=c)
    return units, metrics
