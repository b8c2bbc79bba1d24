"""The reports' scenarios: the coverage report against its floor, and the staffing export.

The floor is the same aggregation as one hand-written SQL statement
(``lms.reports.benchmarks.coverage_floor_sql``), run by the database alone, so the ratio is the
framework's overhead.
"""

import statistics

from django.db import connections
from django.db.models import Count
from django.utils.translation import gettext as _

from lms.accounts.scoping import Scope
from lms.reports.benchmarks import coverage_floor_sql
from lms.reports.db import report_db_alias
from lms.reports.exports import report_xlsx
from lms.reports.selectors import coverage_report, report_params, staffing_report
from lms.reports.tables import report_tables
from lms.reports.views import report_meta
from teams.models import CommunityTeam, Ward

from .measure import measure, measure_pair, result_of


def busiest_province_id():
    row = (
        CommunityTeam.objects.values("ward__province_id")
        .annotate(n=Count("id"))
        .order_by("-n", "ward__province_id")
        .first()
    )
    return row["ward__province_id"] if row else None


def busiest_ward_id(province_id):
    row = (
        CommunityTeam.objects.filter(ward__province_id=province_id)
        .values("ward_id")
        .annotate(n=Count("id"))
        .order_by("-n", "ward_id")
        .first()
    )
    return row["ward_id"] if row else None


def bench_coverage(*, repeat, level, unit_id=None, target_ms=None):
    kwargs = {}
    if level == "province":
        kwargs = {"province_id": unit_id}
    elif level == "ward":
        kwargs = {"province_id": Ward.objects.get(pk=unit_id).province_id, "ward_id": unit_id}
    params = report_params(scope=Scope(everything=True), **kwargs)
    sql, args = coverage_floor_sql(params=params)
    return against_floor(
        f"coverage_{level}",
        lambda: coverage_report(params=params),
        sql,
        args,
        repeat=repeat,
        target_ms=target_ms,
    )


def against_floor(name, report, sql, args, *, repeat, target_ms=None):
    """Time ``report`` and its floor (``sql`` run by the database alone, or each of a list of
    (sql, args) when ``args`` is None) alternately; the result passes when under ``target_ms``
    and at most 1.5× the floor."""
    using = report_db_alias()
    statements = sql if args is None else [(sql, args)]

    def floor():
        with connections[using].cursor() as cursor:
            for statement, values in statements:
                cursor.execute(statement, values)
                cursor.fetchall()

    timings, queries, floor_timings = measure_pair(report, floor, repeat=repeat, using=using)
    floor_ms = statistics.median(floor_timings)
    result = result_of(name, timings, queries, target_ms=target_ms, floor_ms=round(floor_ms, 1))
    result.ratio = round(result.median_ms / floor_ms, 2) if floor_ms else None
    ratio_ok = result.ratio is not None and result.ratio <= 1.5
    result.target = " · ".join(filter(None, [result.target, _("≤ 1,5× nền")]))
    result.passed = ratio_ok and (result.passed is not False)
    return result


def bench_staffing_xlsx(*, repeat, province_id):
    params = report_params(scope=Scope(everything=True), province_id=province_id)

    def export():
        report = staffing_report(params=params)
        return report_xlsx(report_tables("staffing", report), report_meta("staffing", report))

    timings, queries = measure(export, repeat=repeat, using=report_db_alias())
    return result_of("staffing_xlsx_province", timings, queries, target_ms=3000)
