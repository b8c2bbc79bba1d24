"""A bulk issue whose worker died is noticed and resumed (or failed), and a job no worker has
taken says so on its page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

import certificates.jobs as jobs
from certificates import services
from certificates.choices import BulkJobStatus
from certificates.models import BulkIssueJob, Certificate
from certificates.services import bulk_issue_job_create
from tests.factories.teams import MembershipFactory

from .conftest import complete

NO_WORKER = (
    "Chưa có tiến trình nền nào nhận việc này. Kiểm tra rằng worker đang chạy "
    "(make run chạy sẵn worker)."
)


class WorkerKilled(BaseException):
    """What the job sees of a SIGKILL: nothing after this point runs, no ``except`` either."""


def completed_members(course, ward, n):
    for i in range(n):
        membership = MembershipFactory(
            member__full_name=f"Đỗ Văn Học {i:03d}", member__ward=ward, team__hamlet__ward=ward
        )
        complete(membership.member, course)


def killed_after_first_batch(monkeypatch, course, admin, *, batch_size=2):
    """A job that issued one batch, then lost its worker: it stays "running"."""
    job = bulk_issue_job_create(course=course, by=admin)
    real = jobs._bulk_issue_batch
    calls = []

    def batch(**kwargs):
        if calls:
            raise WorkerKilled
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(jobs, "_bulk_issue_batch", batch)
    with pytest.raises(WorkerKilled):
        jobs.bulk_issue_job_run(job=job, batch_size=batch_size)
    monkeypatch.setattr(jobs, "_bulk_issue_batch", real)
    job.refresh_from_db()
    assert job.status == BulkJobStatus.RUNNING
    assert job.done == batch_size
    assert job.heartbeat_at is not None
    return job


def age(job, minutes):
    BulkIssueJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    job.refresh_from_db()
    return job


def sequences(course):
    return sorted(Certificate.objects.filter(course=course).values_list("sequence", flat=True))


def test_job_page_resumes_a_job_whose_heartbeat_is_stale(client, monkeypatch, course, ward, admin):
    completed_members(course, ward, 5)
    job = age(killed_after_first_batch(monkeypatch, course, admin), 6)
    client.force_login(admin)
    page = client.get(reverse("certificates_bulkissuejob:inspect", args=[job.pk]))
    assert page.status_code == 200
    job.refresh_from_db()
    # The immediate task backend ran the resumed job to its end.
    assert job.status == BulkJobStatus.DONE
    assert (job.done, job.total, job.resumes) == (5, 5, 1)
    assert "Đã cấp 5/5" in page.content.decode()
    assert sequences(course) == [1, 2, 3, 4, 5]  # gap-free, nobody twice


def test_a_recent_heartbeat_is_left_alone(client, monkeypatch, course, ward, admin):
    completed_members(course, ward, 5)
    job = age(killed_after_first_batch(monkeypatch, course, admin), 2)
    client.force_login(admin)
    client.get(reverse("certificates_bulkissuejob:inspect", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.done, job.resumes) == (BulkJobStatus.RUNNING, 2, 0)


def test_job_list_resumes_stale_jobs(client, monkeypatch, course, ward, admin):
    completed_members(course, ward, 3)
    job = age(killed_after_first_batch(monkeypatch, course, admin), 30)
    client.force_login(admin)
    assert client.get(reverse("certificates_bulkissuejob:index")).status_code == 200
    job.refresh_from_db()
    assert (job.status, job.done) == (BulkJobStatus.DONE, 3)


def test_a_job_that_keeps_losing_its_worker_is_failed(monkeypatch, course, ward, admin):
    completed_members(course, ward, 5)
    job = killed_after_first_batch(monkeypatch, course, admin)
    BulkIssueJob.objects.filter(pk=job.pk).update(resumes=jobs.MAX_AUTO_RESUMES)
    job = services.bulk_issue_job_recover(job=age(job, 6))
    assert job.status == BulkJobStatus.FAILED
    assert job.finished_at is not None
    assert "Tiến trình nền đã dừng giữa chừng 4 lần" in job.error_log
    assert sequences(course) == [1, 2]


def test_queued_job_that_no_worker_took_says_so(client, course, ward, admin):
    completed_members(course, ward, 1)
    job = bulk_issue_job_create(course=course, by=admin)  # queued, never picked up
    client.force_login(admin)
    url = reverse("certificates_bulkissuejob:inspect", args=[job.pk])
    assert NO_WORKER not in client.get(url).content.decode()
    BulkIssueJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    page = client.get(url).content.decode()
    assert NO_WORKER in page
    job.refresh_from_db()
    assert job.status == BulkJobStatus.PENDING


def test_the_watchdog_resumes_a_stale_job_without_anyone_looking(monkeypatch, course, ward, admin):
    """A worker killed mid-job; the next worker runs the queued watchdog, nobody opens a page."""
    from certificates.tasks import certificates_bulk_watchdog_task

    completed_members(course, ward, 5)
    job = age(killed_after_first_batch(monkeypatch, course, admin), 6)
    assert certificates_bulk_watchdog_task.call() == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.resumes) == (BulkJobStatus.DONE, 5, 1)
    assert sequences(course) == [1, 2, 3, 4, 5]


def test_the_watchdog_is_queued_once_while_jobs_wait(settings, course, ward, admin):
    from django.core.cache import cache
    from django_tasks import default_task_backend

    from certificates.services.bulk import WATCHDOG_KEY

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    cache.delete(WATCHDOG_KEY)
    completed_members(course, ward, 2)
    services.certificates_bulk_issue_enqueue(course=course, by=admin)
    services.certificates_bulk_issue_enqueue(course=course, by=admin)
    watchdogs = [
        result
        for result in default_task_backend.results
        if result.task.name == "certificates_bulk_watchdog_task"
    ]
    assert len(watchdogs) == 1
    assert watchdogs[0].task.run_after > timezone.now()
    # Its run finds the jobs still queued and queues the next one.
    default_task_backend.clear()
    assert services.bulk_issue_watchdog_run() == 0
    assert [r.task.name for r in default_task_backend.results] == [
        "certificates_bulk_watchdog_task"
    ]
