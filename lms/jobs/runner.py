"""Running a job: the work of ``tasks.jobs_run_task``. Kept apart from ``services`` so that the
task module imports this and ``services`` imports the task, without a cycle."""

import datetime
import logging

from django.core.files.base import ContentFile, File
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import JobStatus
from .models import Job
from .progress import Progress
from .registry import JobFailed, job_kind

log = logging.getLogger(__name__)

# A job that no worker has taken after this long says so on its page (as bulk issue does).
QUEUED_UNCLAIMED = datetime.timedelta(minutes=2)
# A running job writes its progress at least every few seconds; with no sign of life for this
# long its worker is taken for dead and the job is queued again (``services.job_recover``).
HEARTBEAT_STALE = datetime.timedelta(minutes=5)
MAX_AUTO_RESUMES = 2


def generic_failure_message():
    return _(
        "Không hoàn thành được việc này do lỗi hệ thống. Hãy thử lại; nếu vẫn lỗi, báo quản "
        "trị viên kèm thời điểm trên trang này."
    )


def job_run(*, job) -> str:
    """Run ``job``'s handler and store its result; returns the final status.

    The row is claimed by a conditional update (pending or running -> running), so two workers
    given the same job (a resume racing a slow worker) both run it only if both claim it; the
    handlers redo their work from ``params`` and are safe to run twice.
    """
    kind = job_kind(job.kind)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=job.started_at or now, heartbeat_at=now
    )
    job.refresh_from_db()
    if kind is None:
        return _fail(job, _("Loại việc này không còn được hỗ trợ."), f"unknown kind {job.kind}")
    progress = Progress(job)
    try:
        output = kind.handler(job, progress)
    except JobFailed as exc:
        return _fail(job, str(exc), repr(exc))
    except Exception as exc:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        return _fail(job, generic_failure_message(), repr(exc))
    progress.finish()
    _store(job, output)
    return JobStatus.DONE


def _store(job, output):
    if job.file:
        job.file.delete(save=False)
    if output.content is not None:
        content = output.content
        if isinstance(content, bytes):
            content = ContentFile(content)
        elif not isinstance(content, File):
            content = File(content)
        job.file.save(output.file_name or "ket-qua", content, save=False)
        if hasattr(output.content, "close"):
            output.content.close()
    job.file_name = output.file_name[:200]
    job.content_type = output.content_type[:120]
    job.result = output.data
    job.message = output.message
    job.status = JobStatus.DONE
    job.finished_at = timezone.now()
    job.heartbeat_at = job.finished_at
    job.save(
        update_fields=[
            "file",
            "file_name",
            "content_type",
            "result",
            "message",
            "status",
            "finished_at",
            "heartbeat_at",
        ]
    )


def _fail(job, message, detail):
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message=message,
        error_detail=detail[:20000],
    )
    job.refresh_from_db()
    return JobStatus.FAILED
