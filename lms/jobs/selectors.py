"""Reads: a user's own job (404 for anyone else), whether a worker took it, its status."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from .choices import JobStatus
from .models import Job
from .registry import job_kind
from .runner import QUEUED_UNCLAIMED


def job_for_user(*, user, pk, with_result=False) -> Job:
    """The job ``pk`` if ``user`` asked for it and it has not expired; ``Http404`` otherwise.
    Nobody else (another officer, an administrator) sees it: it may hold personal data picked
    with the requester's scope."""
    jobs = Job.objects.filter(pk=pk, requested_by_id=user.pk, expires_at__gt=timezone.now())
    if not with_result:
        jobs = jobs.defer("result", "error_detail")
    job = jobs.first()
    if job is None:
        raise Http404
    return job


def job_unclaimed(job, *, now=None) -> bool:
    """Queued and not taken by any worker for ``QUEUED_UNCLAIMED``: no worker is running."""
    if job.status != JobStatus.PENDING:
        return False
    queued_at = job.heartbeat_at or job.created_at
    return queued_at < (now or timezone.now()) - QUEUED_UNCLAIMED


def job_result_url(job) -> str | None:
    """Where the finished job's result is: its page data's own screen, or the download."""
    if job.status != JobStatus.DONE:
        return None
    kind = job_kind(job.kind)
    if kind is not None and kind.result_url is not None:
        return kind.result_url(job)
    if job.file:
        return reverse("jobs:download", args=[job.pk])
    return None


def job_status(job, *, now=None) -> dict:
    """The JSON the progress page polls."""
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "message": job.message,
        "unclaimed": job_unclaimed(job, now=now),
        "result_url": job_result_url(job),
    }
