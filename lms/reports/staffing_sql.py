"""The staffing report as one SQL statement over ``StaffingFact`` (and ``LearnerCourseFact``
for the certificates per topic).

What the report reads whenever the rows can answer (no course or topic filter, see
``selectors.staffing``) and the benchmark's floor: the statement timed on the database alone.
Like ``coverage_sql`` it returns tagged parts in one result:

* ``u``: the sub-units (id, code, name, hamlet kind), in report order;
* ``o``: the topics (id, name), in report order;
* ``s``: per sub-unit, the members and every figure of the report (``FIGURE_KEYS``);
* ``p``: per sub-unit and topic, members holding a valid certificate of a course of the topic.

A person counts once per unit: nationally and in a province on their first row there
(``first_in_province`` / ``first_in_ward``, with the roles they hold there as a bit mask); in a
ward, or with a team-level filter, by ``COUNT(DISTINCT member)``. The counting rules are those of
the ORM path on the source tables, and the tests hold the two to the same figures.
"""

import datetime
import functools

from django.db import connections

from courses.models import Topic
from teams.choices import Affiliation, Gender, ITQualification, TeamRole

from .coverage_course_sql import course_certified_condition, course_tables
from .coverage_sql import NATIONAL, WARD, _certified_condition, _level_parts
from .db import report_db_alias
from .models import StaffingFact
from .staffing_facts import ROLE_BITS

# (key, youngest, oldest) as in ``selectors.staffing.AGE_BANDS``, kept there with the labels.
AGE_LIMITS = [
    ("age_lt30", 0, 29),
    ("age_30_44", 30, 44),
    ("age_45_59", 45, 59),
    ("age_60", 60, None),
]


def _years_before(day, n):
    try:
        return day.replace(year=day.year - n)
    except ValueError:  # 29 February
        return day.replace(year=day.year - n, day=28)


def _figures(day, date):
    """[(key, condition sql, parameters, role value or None)] in ``FIGURE_KEYS`` order."""
    figures = [("members", "1 = 1", [], None)]
    for value in TeamRole.values:
        figures.append((f"role_{value}", None, [], value))
    for value in Affiliation.values:
        figures.append((f"aff_{value}", "f.affiliation = %s", [value], None))
    for value in Gender.values:
        figures.append((f"gender_{value}", "f.gender = %s", [value], None))
    genders = ", ".join(["%s"] * len(Gender.values))
    figures.append(("gender_unknown", f"f.gender NOT IN ({genders})", list(Gender.values), None))
    for key, youngest, oldest in AGE_LIMITS:
        sql, params = "f.date_of_birth <= %s", [date(_years_before(day, youngest))]
        if oldest is not None:
            sql += " AND f.date_of_birth > %s"
            params.append(date(_years_before(day, oldest + 1)))
        figures.append((key, sql, params, None))
    figures.append(("age_unknown", "f.date_of_birth IS NULL", [], None))
    for value in ITQualification.values:
        figures.append((f"qual_{value}", "f.it_qualification = %s", [value], None))
    figures.append(("it_major", "f.it_major = %s", [True], None))
    return figures


FIGURE_KEYS = [key for key, _sql, _params, _role in _figures(datetime.date(2000, 1, 1), str)]
FIGURE_KEYS.append("certified")


@functools.cache
def _tables():
    return {"staffing": StaffingFact._meta.db_table, "topic": Topic._meta.db_table}


def _counts(figures, certified_sql, certified_params, *, first, roles):
    """The ``s`` part's select list and parameters, one column per figure."""
    columns, params = [], []
    for _key, sql, args, role in [*figures, ("certified", certified_sql, certified_params, None)]:
        if role is not None:
            if first:
                sql, args = f"({roles} & {ROLE_BITS[role]}) <> 0", []
            else:
                sql, args = "f.role = %s", [role]
        count = "COUNT(*)" if first else "COUNT(DISTINCT f.member_id)"
        columns.append(f"{count} FILTER (WHERE {sql})")
        params += args
    return ", ".join(columns), params


def staffing_statement(*, params):
    """(sql, parameters) of the staffing figures of ``params`` (a ``ReportParams`` limited to
    the user's scope, without a course or topic filter)."""
    ops = connections[report_db_alias()].ops
    date = ops.adapt_datefield_value
    day = params.reference_date
    level = params.level
    unit_id = params.ward_id if level == WARD else params.province_id
    parts = _level_parts(level, unit_id)
    scope_params = [] if level == NATIONAL else [unit_id]
    first, roles = parts.first, None
    if first:
        roles = first.replace("first_in_", "roles_in_")
    level_where, level_params = "", []
    if params.team_level:
        level_where, level_params = "AND f.team_level = %s", [params.team_level]
        first = None  # the first membership may be of the other level

    figures = _figures(day, date)
    certified_sql, certified_params = _certified_condition(day=day, ops=ops)
    counts_sql, counts_params = _counts(
        figures, certified_sql, certified_params, first=first, roles=roles
    )
    topic_certified_sql, topic_certified_params = course_certified_condition(day)
    zeros = ", ".join(["0"] * len(FIGURE_KEYS))
    zeros_but_two = ", ".join(["0"] * (len(FIGURE_KEYS) - 2))
    first_where = f"AND {first}" if first else ""
    t, c = _tables(), course_tables()
    sql = f"""
SELECT 'u', id, code, name, kind, sort, {zeros} FROM ({parts.units} {parts.units_where}) units
UNION ALL
SELECT 'o', id, '', name, '', name, {zeros} FROM {t["topic"]}
UNION ALL
SELECT 's', {parts.fact_key}, '', '', '', '', {counts_sql}
FROM {t["staffing"]} f
WHERE 1 = 1 {parts.fact_where} {level_where} {first_where}
GROUP BY {parts.fact_key}
UNION ALL
SELECT 'p', {parts.fact_key}, '', '', '', '', ct.topic_id, COUNT(DISTINCT f.member_id),
       {zeros_but_two}
FROM {t["staffing"]} f
JOIN {c["learner_course"]} lc ON lc.member_id = f.member_id
JOIN {c["course_topic"]} ct ON ct.coursepage_id = lc.course_id
WHERE {topic_certified_sql} {parts.fact_where} {level_where} {first_where}
GROUP BY {parts.fact_key}, ct.topic_id
ORDER BY 1, 6, 2
"""
    sql_params = [
        *parts.unit_params,
        *counts_params,
        *scope_params,
        *level_params,
        *topic_certified_params,
        *scope_params,
        *level_params,
    ]
    return sql, sql_params


def staffing_figures(*, params):
    """Run :func:`staffing_statement`: (units, topics, {key: {figure: n}})."""
    sql, sql_params = staffing_statement(params=params)
    units, topics, metrics = [], [], {}
    with connections[report_db_alias()].cursor() as cursor:
        cursor.execute(sql, sql_params)
        for part, key, code, name, kind, _sort, *values in cursor.fetchall():
            if part == "u":
                units.append((key, code, name, kind))
            elif part == "o":
                topics.append({"id": key, "name": name})
            elif part == "s":
                metrics.setdefault(key, {}).update(zip(FIGURE_KEYS, values, strict=True))
            else:
                metrics.setdefault(key, {})[f"topic_{values[0]}"] = values[1]
    return units, topics, metrics
