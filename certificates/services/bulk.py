"""Write flows for bulk issues: create a job, queue it, resume it when its worker died."""

import datetime
import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.scoping import scope_for

from ..choices import BulkJobStatus
from ..issuing import template_for
from ..jobs import HEARTBEAT_STALE, MAX_AUTO_RESUMES, bulk_issue_job_run
from ..models import BulkIssueJob
from ..tasks import certificates_bulk_issue_task, certificates_bulk_watchdog_task
from .issue import check_session_course

log = logging.getLogger(__name__)


def bulk_issue_job_create(*, course, by, session=None) -> BulkIssueJob:
    """Record a bulk issue limited to ``by``'s scope (nothing is issued yet)."""
    template_for(course)
    check_session_course(course=course, session=session)
    scope = scope_for(by)
    if scope.nothing:
        raise ValidationError(_("Tài khoản này không có phạm vi để cấp giấy chứng nhận."))
    job = BulkIssueJob(
        course=course,
        session=session,
        requested_by=by,
        scope_province_id=None if scope.everything else scope.province_id,
        scope_ward_id=None if scope.everything else scope.ward_id,
    )
    job.full_clean()
    job.save()
    return job


def bulk_issue_job_enqueue(*, job) -> BulkIssueJob:
    """Hand ``job`` to the task queue, the first time or again to resume an interrupted one
    (the run skips what is done), and record the task's id. A person asking again starts the
    count of automatic resumes afresh."""
    BulkIssueJob.objects.filter(pk=job.pk).update(resumes=0)
    return _bulk_issue_job_queue(job=job)


def _bulk_issue_job_queue(*, job) -> BulkIssueJob:
    # Waiting again from now: the heartbeat dates the queueing, so the page can tell when no
    # worker has taken the job (``selectors.bulk_job_unclaimed``). Set before enqueueing: an
    # immediate backend runs the task inside ``enqueue``.
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkJobStatus.PENDING, heartbeat_at=timezone.now(), finished_at=None
    )
    result = certificates_bulk_issue_task.enqueue(job_id=job.pk)
    BulkIssueJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    bulk_issue_watchdog_schedule()
    job.refresh_from_db()
    return job


# The watchdog: one deferred task a minute while any bulk job is queued or running.
WATCHDOG_INTERVAL = datetime.timedelta(minutes=1)
WATCHDOG_KEY = "certificates:bulk-watchdog"


def bulk_issue_watchdog_schedule(*, now=None) -> bool:
    """Queue the watchdog to run one interval from now, unless one is already queued (a
    shared-cache flag). Only on a backend that can defer tasks (the database backend of
    production and ``make run``); the immediate backend of the tests runs jobs inline."""
    from django_tasks import default_task_backend

    if not default_task_backend.supports_defer:
        return False
    if not cache.add(WATCHDOG_KEY, 1, int(WATCHDOG_INTERVAL.total_seconds())):
        return False
    run_after = (now or timezone.now()) + WATCHDOG_INTERVAL
    certificates_bulk_watchdog_task.using(run_after=run_after).enqueue()
    return True


def bulk_issue_watchdog_run(*, now=None) -> int:
    """Recover stale jobs (``bulk_issue_jobs_recover``) and, while any job is still queued or
    running, queue the next watchdog. Returns how many stale jobs were found."""
    found = bulk_issue_jobs_recover(now=now)
    cache.delete(WATCHDOG_KEY)
    if BulkIssueJob.objects.filter(
        status__in=[BulkJobStatus.PENDING, BulkJobStatus.RUNNING]
    ).exists():
        bulk_issue_watchdog_schedule(now=now)
    return found


def bulk_issue_job_recover(*, job, now=None) -> BulkIssueJob:
    """Resume a running job whose worker died, or fail it after ``MAX_AUTO_RESUMES``.

    A job is taken for dead when its heartbeat (sent after every batch) is older than
    ``HEARTBEAT_STALE``. Resuming is safe even if the old worker was only slow: each batch
    takes its numbers in its own transaction and the run skips anyone already certified, so
    numbering stays gap-free and nobody gets two. Called by the job's page and the job list,
    so a job is noticed as soon as someone looks at it; only one of two page loads racing
    wins the conditional update and re-enqueues.
    """
    now = now or timezone.now()
    last = job.heartbeat_at or job.started_at or job.created_at
    if job.status != BulkJobStatus.RUNNING or last is None or last > now - HEARTBEAT_STALE:
        return job
    claim = BulkIssueJob.objects.filter(
        pk=job.pk, status=BulkJobStatus.RUNNING, heartbeat_at=job.heartbeat_at
    )
    if job.resumes >= MAX_AUTO_RESUMES:
        note = _(
            "Tiến trình nền đã dừng giữa chừng %(n)s lần (không có tín hiệu quá %(minutes)s "
            "phút). Kiểm tra worker rồi bấm “Chạy lại”."
        ) % {"n": job.resumes + 1, "minutes": int(HEARTBEAT_STALE.total_seconds() // 60)}
        claim.update(
            status=BulkJobStatus.FAILED,
            finished_at=now,
            error_log="\n".join(filter(None, [job.error_log, note]))[:20000],
        )
        log.warning("Bulk issue job %s failed: its worker died %s times", job.pk, job.resumes + 1)
    elif claim.update(resumes=F("resumes") + 1, heartbeat_at=now):
        log.warning("Bulk issue job %s had no heartbeat since %s: resumed", job.pk, last)
        return _bulk_issue_job_queue(job=job)
    job.refresh_from_db()
    return job


def bulk_issue_jobs_recover(*, now=None) -> int:
    """Recover every running job without a recent heartbeat (see ``bulk_issue_job_recover``);
    returns how many were found."""
    now = now or timezone.now()
    stale = list(
        BulkIssueJob.objects.filter(status=BulkJobStatus.RUNNING).filter(
            Q(heartbeat_at__lt=now - HEARTBEAT_STALE)
            | Q(heartbeat_at__isnull=True, started_at__lt=now - HEARTBEAT_STALE)
        )
    )
    for job in stale:
        bulk_issue_job_recover(job=job, now=now)
    return len(stale)


def certificates_bulk_issue_enqueue(*, course, by, session=None) -> BulkIssueJob:
    """Create the job and hand it to the task queue; the admin shows its progress."""
    job = bulk_issue_job_create(course=course, by=by, session=session)
    return bulk_issue_job_enqueue(job=job)


def certificates_bulk_issue(*, course, by, session=None) -> dict:
    """Issue every eligible member now (in this process) and return the counts."""
    job = bulk_issue_job_create(course=course, by=by, session=session)
    return bulk_issue_job_run(job=job)
