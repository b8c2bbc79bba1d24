"""Write flows for jobs: create and queue one, resume one whose worker died, purge old ones."""

import datetime
import logging

from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import JobStatus
from .models import Job
from .registry import job_kind
from .runner import HEARTBEAT_STALE, MAX_AUTO_RESUMES
from .tasks import jobs_purge_task, jobs_run_task

log = logging.getLogger(__name__)

# A result is kept this long for its requester, then deleted with its row (``jobs_purge``).
KEEP_FOR = datetime.timedelta(days=1)
PURGE_KEY = "jobs:purge-scheduled"


def job_start(*, kind: str, by, title: str, params: dict | None = None) -> Job:
    """Record a job of a registered ``kind`` for ``by`` and hand it to the task queue.

    With the immediate backend (the tests) the job has run when this returns."""
    if job_kind(kind) is None:
        raise LookupError(f"job kind {kind!r} is not registered")
    now = timezone.now()
    job = Job(
        kind=kind,
        title=str(title)[:200],
        requested_by=by,
        params=params or {},
        heartbeat_at=now,
        expires_at=now + KEEP_FOR,
    )
    job.full_clean()
    job.save(force_insert=True)
    jobs_purge_schedule(now=now)
    return _job_queue(job=job)


def _job_queue(*, job) -> Job:
    # The heartbeat dates the queueing, so the page can tell when no worker took the job. Set
    # before enqueueing: an immediate backend runs the task inside ``enqueue``.
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.PENDING, heartbeat_at=timezone.now(), finished_at=None
    )
    result = jobs_run_task.enqueue(job_id=str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def job_recover(*, job, now=None) -> Job:
    """Queue again a running job whose worker died (no progress for ``HEARTBEAT_STALE``), or
    fail it after ``MAX_AUTO_RESUMES``. Called when its page or status is read; of two reads
    racing, only the one whose conditional update wins queues it."""
    now = now or timezone.now()
    last = job.heartbeat_at or job.started_at or job.created_at
    if job.status != JobStatus.RUNNING or last is None or last > now - HEARTBEAT_STALE:
        return job
    claim = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, heartbeat_at=job.heartbeat_at)
    if job.resumes >= MAX_AUTO_RESUMES:
        claim.update(
            status=JobStatus.FAILED,
            finished_at=now,
            message=_(
                "Tiến trình nền đã dừng giữa chừng %(n)s lần. Hãy kiểm tra worker rồi yêu cầu lại."
            )
            % {"n": job.resumes + 1},
        )
    elif claim.update(resumes=F("resumes") + 1, heartbeat_at=now):
        log.warning("Job %s had no heartbeat since %s: queued again", job.pk, last)
        return _job_queue(job=job)
    job.refresh_from_db()
    return job


def job_delete(*, job) -> None:
    if job.file:
        job.file.delete(save=False)
    job.delete()


def jobs_purge(*, now=None) -> int:
    """Delete every job past ``expires_at`` with its file; returns how many. Run by the
    deferred ``jobs_purge_task`` and by ``manage.py jobs_purge`` (an hourly timer)."""
    now = now or timezone.now()
    count = 0
    for job in Job.objects.filter(expires_at__lt=now).only("pk", "file"):
        job_delete(job=job)
        count += 1
    cache.delete(PURGE_KEY)
    if Job.objects.exists():
        jobs_purge_schedule(now=now)
    return count


def jobs_purge_schedule(*, now=None) -> bool:
    """Queue a purge for one keeping period from now, unless one is already queued (a
    shared-cache flag). Only on a backend that can defer tasks (the database backend);
    elsewhere the command does it."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    seconds = int(KEEP_FOR.total_seconds())
    if not cache.add(PURGE_KEY, 1, seconds):
        return False
    run_after = (now or timezone.now()) + KEEP_FOR + datetime.timedelta(minutes=1)
    jobs_purge_task.using(run_after=run_after).enqueue()
    return True
