"""Timings and query counts of the reports, for the coordinator's benchmark on a national data
set (targets on PostgreSQL, 2 cores: national coverage < 300 ms, a province's < 150 ms, the
staffing XLSX of a province < 3 s).

:func:`coverage_floor_sql` is the coverage aggregation written by hand as one SQL statement.
Timing it next to :func:`benchmark_coverage` shows what the ORM, the row merging and the
percentages cost on top of the database work (goal: at most 1.5×).

Run them with ``python manage.py benchmark_reports`` (see the Reports section of README.md).
"""

import statistics
import time
from typing import NamedTuple

from django.db import connections
from django.test.utils import CaptureQueriesContext

from lms.accounts.scoping import Scope
from teams.models import Province, Ward

from . import sources
from .coverage_sql import table_names
from .db import report_db_alias
from .exports import ExportMeta, report_xlsx
from .periods import period_parse
from .selectors import (
    NATIONAL,
    PROVINCE,
    WARD,
    _period_bounds,
    coverage_report,
    report_params,
    report_unit_name,
    staffing_report,
)
from .selectors.coverage import coverage_facts_statement
from .tables import TITLES, report_tables


def _measure(fn, *, repeat):
    """Median and best wall time in ms and the number of queries of one call."""
    connection = connections[report_db_alias()]
    fn()  # warm caches (content types, translations, connection)
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = fn()
            timings.append((time.perf_counter() - started) * 1000)
        queries = len(captured.captured_queries)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "best_ms": round(min(timings), 1),
        "queries": queries,
        "result": result,
    }


def _unit_ids(province_code=None, ward_code=None):
    province_id = ward_id = None
    if ward_code:
        ward_id, province_id = Ward.objects.values_list("id", "province_id").get(code=ward_code)
    elif province_code:
        province_id = Province.objects.values_list("id", flat=True).get(code=province_code)
    return province_id, ward_id


def _params(province_code=None, ward_code=None, period="year"):
    province_id, ward_id = _unit_ids(province_code, ward_code)
    return report_params(
        scope=Scope(everything=True),
        period=period_parse(period),
        province_id=province_id,
        ward_id=ward_id,
    )


def benchmark_coverage(*, province_code=None, ward_code=None, period="year", repeat=5):
    """The coverage report nationally (no code), for a province or for a ward."""
    params = _params(province_code, ward_code, period)
    measured = _measure(lambda: coverage_report(params=params), repeat=repeat)
    report = measured.pop("result")
    return {"report": f"coverage {params.level}", "rows": len(report.rows), **measured}


def benchmark_coverage_floor(*, province_code=None, ward_code=None, period="year", repeat=5):
    """The same figures from :func:`coverage_floor_sql`, the single-statement floor."""
    params = _params(province_code, ward_code, period)
    sql, sql_params = coverage_floor_sql(params=params)
    connection = connections[report_db_alias()]

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            return cursor.fetchall()

    measured = _measure(run, repeat=repeat)
    rows = measured.pop("result")
    return {"report": f"coverage floor {params.level}", "rows": len(rows), **measured}


def benchmark_staffing_xlsx(*, province_code, period="year", repeat=3):
    """The staffing report of a province, aggregated and written as a formatted XLSX."""
    params = _params(province_code, None, period)

    def run():
        report = staffing_report(params=params)
        meta = ExportMeta(
            title=str(TITLES["staffing"]),
            unit=report_unit_name(params=params),
            period=params.period.label,
        )
        return report_xlsx(report_tables("staffing", report), meta)

    measured = _measure(run, repeat=repeat)
    data = measured.pop("result")
    return {"report": "staffing xlsx province", "bytes": len(data), **measured}


def run_all(*, province_code, ward_code, period="year", repeat=5):
    """Everything the performance targets name, plus the floors to compare against."""
    results = [
        benchmark_coverage(period=period, repeat=repeat),
        benchmark_coverage_floor(period=period, repeat=repeat),
        benchmark_coverage(province_code=province_code, period=period, repeat=repeat),
        benchmark_coverage_floor(province_code=province_code, period=period, repeat=repeat),
        benchmark_coverage(ward_code=ward_code, period=period, repeat=repeat),
        benchmark_coverage_floor(ward_code=ward_code, period=period, repeat=repeat),
        benchmark_staffing_xlsx(
            province_code=province_code, period=period, repeat=max(1, repeat // 2)
        ),
    ]
    floors = {}
    for result in results:
        level = result["report"].split()[-1]
        if result["report"].startswith("coverage floor"):
            floors[level] = result["median_ms"]
    for result in results:
        level = result["report"].split()[-1]
        if result["report"].startswith("coverage ") and "floor" not in result["report"]:
            floor = floors.get(level)
            result["overhead"] = round(result["median_ms"] / floor, 2) if floor else None
    return results


# -- the floor: one statement ------------------------------------------------------------------


def coverage_floor_sql(*, params):
    """The floor of the coverage report: its figures as ONE SQL statement, with parameters.

    When the fact rows answer, the report itself runs one statement
    (:func:`lms.reports.coverage_sql.coverage_statement`, or with a course or topic filter
    :func:`lms.reports.coverage_course_sql.coverage_course_statement`) and that statement,
    timed on the database alone, is the floor: the ratio is then what Django, the cursor and
    the row shaping add. Otherwise the floor is the statement below on the source tables.
    """
    statement = coverage_facts_statement(params)
    if statement is not None:
        return statement
    return coverage_floor_sql_sources(params=params)


def coverage_floor_sql_sources(*, params):
    """The coverage figures per sub-unit as ONE SQL statement on the source tables.

    Same definitions as :func:`~lms.reports.selectors.coverage_report` (active hamlets, hamlets
    with an active team, active teams, distinct active members, of whom trained in the period
    and holding a valid certificate), without the course/topic/team-level filters and the
    commune-level row of a ward breakdown. Portable between SQLite and PostgreSQL.
    """
    units, unit_params, keys = _floor_units(params)
    sql = f"""
WITH units AS ({units}),
{_floor_hamlet_counts(keys)},
{_floor_team_counts(keys)},
{_floor_member_counts(keys)}
SELECT u.id, u.code, u.name,
       COALESCE(hc.hamlets, 0), COALESCE(hc.covered, 0), COALESCE(tc.teams, 0),
       COALESCE(mc.members, 0), COALESCE(mc.trained, 0), COALESCE(mc.certified, 0)
FROM units u
LEFT JOIN hamlet_counts hc ON hc.unit_id = u.id
LEFT JOIN team_counts tc ON tc.unit_id = u.id
LEFT JOIN member_counts mc ON mc.unit_id = u.id
ORDER BY u.code, u.id
"""
    return sql, [*unit_params, *_floor_params(params)]


class _FloorKeys(NamedTuple):
    """What the counts are grouped by, and the join that key needs (none below national)."""

    hamlet_key: str
    hamlet_join: str
    team_key: str
    team_join: str


def _floor_units(params):
    """The sub-units' select, its parameters, and the grouping keys and joins of the CTEs."""
    t = table_names()
    level = params.level
    if level == NATIONAL:
        units = f"SELECT id, code, name FROM {t['province']}"
        unit_params = []
        hamlet_key, hamlet_join = "w.province_id", f"JOIN {t['ward']} w ON w.id = h.ward_id"
        team_key, team_join = "w.province_id", f"JOIN {t['ward']} w ON w.id = t.ward_id"
    elif level == PROVINCE:
        units = f"SELECT id, code, name FROM {t['ward']} WHERE province_id = %s"
        unit_params = [params.province_id]
        hamlet_key, hamlet_join = "h.ward_id", ""
        team_key, team_join = "t.ward_id", ""
    else:
        assert level == WARD
        units = f"SELECT id, code, name FROM {t['hamlet']} WHERE ward_id = %s AND is_active = %s"
        unit_params = [params.ward_id, True]
        hamlet_key, hamlet_join = "h.id", ""
        team_key, team_join = "t.hamlet_id", ""
    return units, unit_params, _FloorKeys(hamlet_key, hamlet_join, team_key, team_join)


def _floor_hamlet_counts(keys):
    t = table_names()
    hamlet_key, hamlet_join = keys.hamlet_key, keys.hamlet_join
    return f"""hamlet_counts AS (
    SELECT {hamlet_key} AS unit_id,
           COUNT(*) AS hamlets,
           SUM(CASE WHEN EXISTS (
               SELECT 1 FROM {t["team"]} ht WHERE ht.hamlet_id = h.id AND ht.status = %s
           ) THEN 1 ELSE 0 END) AS covered
    FROM {t["hamlet"]} h {hamlet_join}
    WHERE h.is_active = %s AND {hamlet_key} IN (SELECT id FROM units)
    GROUP BY {hamlet_key}
)"""


def _floor_team_counts(keys):
    t = table_names()
    team_key, team_join = keys.team_key, keys.team_join
    return f"""team_counts AS (
    SELECT {team_key} AS unit_id, COUNT(*) AS teams
    FROM {t["team"]} t {team_join}
    WHERE t.status = %s AND {team_key} IN (SELECT id FROM units)
    GROUP BY {team_key}
)"""


def _floor_member_counts(keys):
    t = table_names()
    team_key, team_join = keys.team_key, keys.team_join
    return f"""member_counts AS (
    SELECT {team_key} AS unit_id,
           COUNT(DISTINCT ms.member_id) AS members,
           COUNT(DISTINCT CASE WHEN EXISTS (
                   SELECT 1 FROM {t["attendance"]} a JOIN {t["session"]} s ON s.id = a.session_id
                   WHERE a.member_id = ms.member_id AND a.status IN (%s, %s)
                     AND s.starts_at >= %s AND s.starts_at < %s
               ) OR EXISTS (
                   SELECT 1 FROM {t["completion"]} c
                   WHERE c.member_id = ms.member_id AND c.completed_on >= %s
                     AND c.completed_on <= %s
               ) THEN ms.member_id END) AS trained,
           COUNT(DISTINCT CASE WHEN EXISTS (
                   SELECT 1 FROM {t["certificate"]} k
                   WHERE k.holder_id = ms.member_id AND k.status = %s AND k.issued_on <= %s
                     AND (k.expires_on IS NULL OR k.expires_on >= %s)
               ) THEN ms.member_id END) AS certified
    FROM {t["membership"]} ms
    JOIN {t["team"]} t ON t.id = ms.team_id {team_join}
    WHERE ms.left_on IS NULL AND t.status = %s AND {team_key} IN (SELECT id FROM units)
    GROUP BY {team_key}
)"""


def _floor_params(params):
    """The parameters of the three CTEs, in the order their placeholders appear."""
    ops = connections[report_db_alias()].ops
    start, end = _period_bounds(params.period)
    day = params.reference_date
    active = "active"
    return [
        active,
        True,
        active,
        *sources.ATTENDED_STATUSES,
        ops.adapt_datetimefield_value(start),
        ops.adapt_datetimefield_value(end),
        ops.adapt_datefield_value(params.period.start),
        ops.adapt_datefield_value(params.period.end),
        sources.CERTIFICATE_VALID,
        ops.adapt_datefield_value(day),
        ops.adapt_datefield_value(day),
        active,
    ]
