"""Long work queued with progress (``lms.jobs``), through the HTTP client with the immediate
task backend: request -> job row -> progress JSON -> the file, for the requester only."""

import datetime
import io
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.jobs.choices import JobStatus
from lms.jobs.models import Job
from lms.jobs.progress import Progress
from lms.jobs.registry import JobOutput, job_kind_register
from lms.jobs.services import job_start, jobs_purge
from tests.factories.accounts import AdminFactory

pytestmark = pytest.mark.django_db

STAFFING = "reports_admin:staffing"


def _job_url(job, name="detail"):
    return reverse(f"jobs:{name}", args=[job.pk])


def _only_job():
    (job,) = Job.objects.all()
    return job


def test_national_report_xlsx_is_queued_then_downloaded_by_the_requester(client, users):
    client.force_login(users.admin)
    response = client.get(reverse(STAFFING), {"period": "2026-q3", "export": "xlsx"})
    job = _only_job()
    assert response.status_code == 302 and response.url == _job_url(job)
    assert job.kind == "reports.export" and job.status == JobStatus.DONE
    assert job.requested_by == users.admin
    kept = job.expires_at - job.created_at
    assert abs(kept - datetime.timedelta(days=1)) < datetime.timedelta(seconds=5)

    page = client.get(response.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Đã xong" in body and 'value="100"' in body
    assert _job_url(job, "download") in body
    assert "jobs-progress.js" in body

    status = client.get(_job_url(job, "status")).json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["result_url"] == _job_url(job, "download") and status["unclaimed"] is False

    download = client.get(_job_url(job, "download"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    assert "no-store" in download["Cache-Control"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.page_setup.paperSize in (9, "9")


def test_ward_files_stay_in_the_request(client, users, area):
    client.force_login(users.ward_officer)
    response = client.get(reverse(STAFFING), {"period": "2026-q3", "export": "pdf"})
    assert response.status_code in (200, 403)
    assert not Job.objects.exists()


def test_province_pdf_is_queued_and_nobody_else_sees_it(client, users, area):
    officer = users.province_officer
    client.force_login(officer)
    response = client.get(
        reverse(STAFFING), {"period": "2026-q3", "province": area.can_tho.code, "export": "pdf"}
    )
    job = _only_job()
    assert response.status_code == 302 and job.status == JobStatus.DONE, job.message
    assert job.file_name.endswith(".pdf") and job.done == job.total == 3
    own = client.get(_job_url(job, "download"))
    assert own.status_code == 200 and b"".join(own.streaming_content)[:4] == b"%PDF"

    # Another officer (of another province), another administrator, a ward officer of the
    # same province: 404 on the page, the status and the file alike.
    for other in (users.other_province_officer, AdminFactory(), users.ward_officer):
        client.force_login(other)
        for name in ("detail", "status", "download"):
            assert client.get(_job_url(job, name)).status_code == 404, (other, name)
    client.logout()
    assert client.get(_job_url(job, "download")).status_code in (302, 404)


def test_unknown_job_is_404(client, users):
    client.force_login(users.admin)
    assert client.get(reverse("jobs:detail", args=[uuid.uuid4()])).status_code == 404


def test_expired_job_is_404_then_purged_with_its_file(client, users):
    client.force_login(users.admin)
    client.get(reverse(STAFFING), {"period": "2026-q3", "export": "csv"})
    job = _only_job()
    name = job.file.name
    assert default_storage.exists(name)
    fresh = job_start(kind="reports.export", by=users.admin, title="x", params=job.params)
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(_job_url(job, "download")).status_code == 404
    assert jobs_purge() == 1
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not default_storage.exists(name)
    assert Job.objects.filter(pk=fresh.pk).exists()  # not expired: kept

    Job.objects.filter(pk=fresh.pk).update(expires_at=timezone.now() - datetime.timedelta(hours=1))
    call_command("jobs_purge", stdout=io.StringIO())
    assert not Job.objects.exists()


def test_progress_is_written_per_batch_never_per_row(users):
    rows = 50_000
    job = Job.objects.create(
        kind="test", title="t", requested_by=users.admin, expires_at=timezone.now()
    )
    ticks = iter(range(10**6))
    progress = Progress(job, clock=lambda: next(ticks) * 10.0)
    progress.start(rows)
    for _start in range(0, rows, 1000):
        progress.advance(1000)
    progress.finish()
    job.refresh_from_db()
    assert job.done == job.total == rows
    assert job.progress_writes == progress.writes <= 52
    assert job.progress_writes < rows / 500

    # Many small batches in a short time: the interval holds the writes back too.
    job2 = Job.objects.create(
        kind="test", title="t", requested_by=users.admin, expires_at=timezone.now()
    )
    frozen = Progress(job2, clock=lambda: 0.0)
    frozen.start(rows)
    for _row in range(rows // 100):
        frozen.advance(100)
    frozen.finish()
    job2.refresh_from_db()
    assert job2.progress_writes == 2 and job2.done == rows  # start, then the last batch


def _boom(job, progress):
    raise RuntimeError("disk on fire")


def _ok(job, progress):
    progress.start(10)
    progress.advance(10)
    return JobOutput(content=b"xin chao", file_name="a.txt", content_type="text/plain")


def test_a_failure_shows_a_vietnamese_message(client, users):
    job_kind_register("test.boom", _boom)
    job = job_start(kind="test.boom", by=users.admin, title="Việc thử")
    assert job.status == JobStatus.FAILED and "disk on fire" in job.error_detail
    client.force_login(users.admin)
    body = client.get(_job_url(job)).content.decode()
    assert "Không hoàn thành được việc này do lỗi hệ thống" in body
    assert "disk on fire" not in body  # the technical detail stays in the row
    assert client.get(_job_url(job, "download")).status_code == 404


def test_no_worker_running_is_said_clearly(client, users, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job_kind_register("test.ok", _ok)
    job = job_start(kind="test.ok", by=users.admin, title="Việc thử")
    assert job.status == JobStatus.PENDING  # nobody ran it
    client.force_login(users.admin)
    page = client.get(_job_url(job)).content.decode()
    assert "data-job-unclaimed hidden" in page
    assert '<noscript><meta http-equiv="refresh"' in page and "Tải lại trang" in page
    assert client.get(_job_url(job, "status")).json()["unclaimed"] is False

    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    page = client.get(_job_url(job)).content.decode()
    assert "Chưa có tiến trình nền (worker) nào nhận việc này" in page
    assert "data-job-unclaimed hidden" not in page
    status = client.get(_job_url(job, "status")).json()
    assert status["unclaimed"] is True and status["status"] == "pending"
    assert status["percent"] == 0


def test_a_running_job_whose_worker_died_is_queued_again(client, users):
    job_kind_register("test.ok", _ok)
    job = job_start(kind="test.ok", by=users.admin, title="Việc thử")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
        file="",
    )
    client.force_login(users.admin)
    status = client.get(_job_url(job, "status")).json()
    job.refresh_from_db()
    assert job.resumes == 1 and status["status"] == "done"


def test_benchmark_scenario_times_the_worker_pdf(area, users):
    from lms.scale.bench.jobs import JOB_SCENARIOS, job_scenarios

    results = job_scenarios(JOB_SCENARIOS, repeat=1, province_id=area.can_tho.pk)
    result = results["report_pdf_province"]
    assert result.median_ms is not None and result.extra["pdf_bytes"] > 1000
    assert result.extra["province_code"] == area.can_tho.code
    assert not Job.objects.exists()  # nothing written
