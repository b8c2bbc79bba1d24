"""The HTTP scenarios against a real gunicorn on a loopback port. They need committed rows that
another process can read, and PostgreSQL for concurrent writers:

DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_scale_tests pytest -m postgres tests/scale
"""

import json

import pytest
from django.db import connection

from courses.attendance.models import Attendance, TrainingSession
from lms.scale.generator import generate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn scenarios need PostgreSQL")


def test_concurrent_http_check_in_and_pages_through_gunicorn(postgres_only, scale_units, tmp_path):
    from django.core.management import call_command

    generate(preset="small", seed=1)
    sessions, rows = TrainingSession.objects.count(), Attendance.objects.count()
    out = tmp_path / "bench.json"
    call_command(
        "benchmark",
        "--only",
        "qr_checkin_300",
        "lesson_page_http",
        "learner_dashboard_http",
        "--checkins",
        "60",
        "--workers",
        "2",
        "--repeat",
        "2",
        "--json",
        str(out),
    )
    results = {r["name"]: r for r in json.loads(out.read_text(encoding="utf-8"))["results"]}
    checkin = results["qr_checkin_300"]
    assert checkin["passed"] is True
    assert checkin["extra"]["attended_rows"] == checkin["extra"]["distinct_members"] == 60
    assert checkin["extra"]["http_302"] == 60
    assert results["lesson_page_http"]["note"] == ""
    assert results["learner_dashboard_http"]["median_ms"] > 0
    # The throwaway session and its rows are gone.
    assert (TrainingSession.objects.count(), Attendance.objects.count()) == (sessions, rows)
