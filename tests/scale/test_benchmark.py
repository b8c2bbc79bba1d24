import json

import pytest
from django.core.management import call_command
from django.db import connection

from certificates.models import Certificate, CertificateCounter
from courses.models import CourseCompletion, CoursePage
from lms.management.commands.benchmark import POSTGRES_ONLY, SCENARIOS
from lms.scale.generator import generate
from teams.models import Member, Province


@pytest.mark.django_db
def test_benchmark_runs_every_scenario_on_small_data_and_leaves_it_as_it_was(
    scale_units, tmp_path, capsys
):
    generate(preset="small", seed=1)
    before = (
        Member.objects.count(),
        Certificate.objects.count(),
        CourseCompletion.objects.count(),
        CoursePage.objects.count(),
        Province.objects.count(),
        list(CertificateCounter.objects.values_list("year", "last_sequence").order_by("year")),
    )
    out = tmp_path / "bench.json"
    # On PostgreSQL the gunicorn scenarios would serve a database the test's transaction hides
    # from them; they have their own test (test_http_postgres.py).
    names = list(SCENARIOS)
    only = []
    if connection.vendor != "sqlite":
        names = [name for name in SCENARIOS if name not in POSTGRES_ONLY]
        only = ["--only", *names]
    call_command(
        "benchmark",
        *only,
        "--repeat",
        "1",
        "--bulk-issue",
        "40",
        "--import-rows",
        "30",
        "--json",
        str(out),
    )
    printed = capsys.readouterr().out
    for name in names:
        assert name in printed
    payload = json.loads(out.read_text(encoding="utf-8"))
    results = {r["name"]: r for r in payload["results"]}
    assert set(results) == set(names)
    if connection.vendor == "sqlite":
        # On SQLite the gunicorn scenarios say why they did not run.
        assert printed.count("bỏ qua: cần PostgreSQL") == 4
        assert payload["database"] == "sqlite"
    else:
        assert payload["database"] == "postgresql"
    for name in ("coverage_national", "coverage_province", "coverage_ward"):
        assert results[name]["queries"] >= 1
        assert results[name]["floor_ms"] is not None and results[name]["ratio"] is not None
    assert results["lesson_page_client"]["median_ms"] > 0
    assert results["certificate_bulk_issue"]["extra"]["issued"] == 40
    assert results["member_import"]["extra"]["created"] == 30
    # Everything written by the scenarios was rolled back.
    after = (
        Member.objects.count(),
        Certificate.objects.count(),
        CourseCompletion.objects.count(),
        CoursePage.objects.count(),
        Province.objects.count(),
        list(CertificateCounter.objects.values_list("year", "last_sequence").order_by("year")),
    )
    assert after == before


@pytest.mark.django_db
def test_benchmark_only_runs_the_named_scenarios(scale_units, capsys):
    generate(preset="small", seed=1)
    call_command("benchmark", "--only", "coverage_ward", "certificate_pdf", "--repeat", "2")
    printed = capsys.readouterr().out
    assert "coverage_ward" in printed and "certificate_pdf" in printed
    assert "coverage_national" not in printed and "member_import" not in printed


@pytest.mark.django_db
def test_report_and_floor_are_timed_alternately():
    """Drift on a shared machine must weigh on both sides of the coverage ratio."""
    from lms.scale.bench import measure_pair

    calls = []
    timings, queries, floor_timings = measure_pair(
        lambda: calls.append("report"), lambda: calls.append("floor"), repeat=3
    )
    assert calls == ["report", "floor"] * 4  # one warm-up pair, then three measured pairs
    assert len(timings) == len(floor_timings) == 3
    assert queries == 0
