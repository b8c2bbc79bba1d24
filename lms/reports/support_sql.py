"""The support report's figures as ONE SQL statement over the support log.

One pass over ``SupportRecord`` gives both breakdowns the report shows: the sums per unit (the
ward, or the hamlet inside a ward) and the sums per month (the trend). On PostgreSQL the two
are ``GROUPING SETS`` of one aggregate, so the table is read once; elsewhere (SQLite, in the
tests) they are two aggregates joined by ``UNION ALL`` in the same statement. Each result row
carries a tag: ``0`` for a unit row, ``1`` for a month row.

Citizens helped per skill count the *people* of the records that name the skill (a class of
20 on VNeID is 20 citizens helped with VNeID); outcomes are the sums of their counts. The
period is matched on the record's date; the condition on ``month`` (the first day of that
date's month) repeats it so that the ``(ward, month)`` index can serve a province or a ward.

The statement is also the benchmark's floor (``lms.reports.benchmarks.support_floor_sql``):
what the database alone costs, without Django's rows and the Python that shapes them.
"""

import datetime
import functools

from django.db import connections

from teams.models import CommunityTeam, Ward
from teams.support.choices import OUTCOMES, SKILLS
from teams.support.models import SupportRecord

from .db import report_db_alias

NATIONAL, PROVINCE, WARD = "national", "province", "ward"  # ReportParams.level

SKILL_KEYS = [name for name, _label in SKILLS]
OUTCOME_KEYS = [name for name, _label in OUTCOMES]
# The sums of one result row, in the order of its columns after (tag, unit, month).
SUM_KEYS = ["records", "people", *SKILL_KEYS, *OUTCOME_KEYS]
UNIT_ROW, MONTH_ROW = 0, 1


@functools.cache
def _tables():
    return {
        "record": SupportRecord._meta.db_table,
        "ward": Ward._meta.db_table,
        "team": CommunityTeam._meta.db_table,
    }


def sums_sql():
    people = "r.people"
    parts = ["COUNT(*)", f"SUM({people})"]
    parts += [f"SUM(CASE WHEN r.{key} THEN {people} ELSE 0 END)" for key in SKILL_KEYS]
    parts += [f"SUM(r.{key})" for key in OUTCOME_KEYS]
    return ", ".join(parts)


def fine_key(level):
    """The column the unit sums are grouped by: the ward, or the hamlet inside a ward (empty
    for the records of a commune-level team, which become the ward's own row)."""
    return "r.hamlet_id" if level == WARD else "r.ward_id"


def _where(params, ops):
    t = _tables()
    period = params.period
    first_month = period.start.replace(day=1)
    last_month = period.end.replace(day=1)
    where = ["r.date >= %s", "r.date <= %s", "r.month >= %s", "r.month <= %s"]
    args = [
        ops.adapt_datefield_value(period.start),
        ops.adapt_datefield_value(period.end),
        ops.adapt_datefield_value(first_month),
        ops.adapt_datefield_value(last_month),
    ]
    if params.ward_id:
        where.append("r.ward_id = %s")
        args.append(params.ward_id)
    elif params.province_id:
        where.append(f"r.ward_id IN (SELECT id FROM {t['ward']} WHERE province_id = %s)")
        args.append(params.province_id)
    if params.team_level:
        where.append(f"r.team_id IN (SELECT id FROM {t['team']} WHERE level = %s)")
        args.append(params.team_level)
    return " AND ".join(where), args


def facts_apply(params):
    """Whether ``SupportFact`` (sums per ward and month) can answer: nationally or for a
    province, no team-level filter, and a period of whole months."""
    period = params.period
    return (
        params.level != WARD
        and not params.team_level
        and period.start.day == 1
        and (period.end + datetime.timedelta(days=1)).day == 1
    )


def support_statement(*, params):
    """(sql, args) of the aggregate over the records; rows are (tag, unit id, month,
    *SUM_KEYS)."""
    connection = connections[report_db_alias()]
    where, args = _where(params, connection.ops)
    table = _tables()["record"]
    unit = fine_key(params.level)
    sums = sums_sql()
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT GROUPING({unit}), {unit}, r.month, {sums} FROM {table} r WHERE {where} "
            f"GROUP BY GROUPING SETS (({unit}), (r.month))"
        )
        return sql, args
    sql = (
        f"SELECT {UNIT_ROW}, {unit}, NULL, {sums} FROM {table} r WHERE {where} GROUP BY {unit} "
        f"UNION ALL SELECT {MONTH_ROW}, NULL, r.month, {sums} FROM {table} r WHERE {where} "
        f"GROUP BY r.month"
    )
    return sql, [*args, *args]


def support_sums(*, params):
    """({unit id: {key: sum}}, {month: {key: sum}}) from :func:`support_statement`."""
    sql, args = support_statement(params=params)
    connection = connections[report_db_alias()]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    by_unit, by_month = {}, {}
    for tag, unit_id, month, *values in rows:
        figures = dict(zip(SUM_KEYS, (int(v or 0) for v in values), strict=True))
        if tag == UNIT_ROW:
            by_unit[unit_id] = figures
        else:
            if isinstance(month, str):  # SQLite gives the untyped UNION column as text
                month = datetime.date.fromisoformat(month[:10])
            by_month[month] = figures
    return by_unit, by_month
