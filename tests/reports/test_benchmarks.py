"""The benchmark helpers run, and the one-statement floor computes the same figures."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lms.accounts.scoping import Scope
from lms.reports.benchmarks import (
    benchmark_coverage,
    coverage_floor_sql,
    coverage_floor_sql_sources,
)
from lms.reports.coverage_sql import coverage_figures
from lms.reports.periods import period_parse
from lms.reports.selectors import (
    _period_bounds,
    coverage_report,
    period_month_masks,
    report_params,
)

Q3 = period_parse("2026-q3")


def floor_rows(params):
    """The figures of the floor on the source tables, by unit name."""
    sql, sql_params = coverage_floor_sql_sources(params=params)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        return {row[2]: tuple(row[3:]) for row in cursor.fetchall()}


def orm_rows(params):
    keys = ("hamlets", "hamlets_covered", "teams", "members", "trained", "certified")
    return {
        row["name"]: tuple(row[key] for key in keys)
        for row in coverage_report(params=params).rows
        if row["unit_id"] is not None
    }


@pytest.mark.django_db
class FloorSqlTests:
    @pytest.mark.parametrize("level", ["national", "province"])
    def test_floor_sql_matches_the_report(self, dataset, level):
        province_id = dataset.p.pk if level == "province" else None
        params = report_params(scope=Scope(everything=True), period=Q3, province_id=province_id)
        assert floor_rows(params) == orm_rows(params)

    def test_floor_sql_for_a_ward_lists_its_hamlets(self, dataset):
        params = report_params(
            scope=Scope(everything=True),
            period=Q3,
            province_id=dataset.p.pk,
            ward_id=dataset.w1.pk,
        )
        rows = floor_rows(params)
        assert rows["Khu vực 1"] == (1, 1, 1, 2, 1, 1)
        assert rows["Khu vực 3"] == (1, 0, 0, 0, 0, 0)

    @pytest.mark.parametrize("level", ["national", "province", "ward"])
    def test_the_floor_is_the_reports_own_statement(self, dataset, level):
        """With ``CoverageFact`` answering, the report runs one statement and the benchmark
        times exactly that statement on the database alone."""
        units = {
            "national": {},
            "province": {"province_id": dataset.p.pk},
            "ward": {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
        }[level]
        params = report_params(scope=Scope(everything=True), period=Q3, **units)
        full, edge = period_month_masks(Q3)
        sql, sql_params = coverage_floor_sql(params=params)
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            parts = {row[0] for row in cursor.fetchall()}
        assert parts == {"u", "h", "t", "m"}
        _units, metrics = coverage_figures(
            params=params, full_mask=full, edge_mask=edge, period_bounds=_period_bounds(Q3)
        )
        report = coverage_report(params=params)
        for row in report.rows:
            if row["unit_id"] is not None:
                assert metrics.get(row["unit_id"], {}).get("members", 0) == row["members"]
        assert sql_params and "reports_coveragefact" in sql


@pytest.mark.django_db
class BenchmarkTests:
    def test_benchmark_reports_time_and_queries(self, dataset):
        result = benchmark_coverage(province_code="92", period="2026-q3", repeat=2)
        assert result["queries"] == 1
        assert result["rows"] == 2
        assert result["median_ms"] > 0

    def test_command_prints_one_json_line_per_measurement(self, dataset):
        out = StringIO()
        call_command("benchmark_reports", province="92", period="2026-q3", repeat=1, stdout=out)
        results = [json.loads(line) for line in out.getvalue().splitlines()]
        reports = [result["report"] for result in results]
        assert "coverage national" in reports and "coverage floor province" in reports
        assert "staffing xlsx province" in reports
        assert all("overhead" in r for r in results if r["report"].startswith("coverage ward"))

    def test_command_refuses_an_unknown_province(self, dataset):
        with pytest.raises(CommandError):
            call_command("benchmark_reports", province="00")
