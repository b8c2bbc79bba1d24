"""Background tasks (django-tasks). They only load their job and run it (``jobs``)."""

from django_tasks import task

from .jobs import bulk_issue_job_run, bulk_pdfs_make
from .models import BulkIssueJob


@task()
def certificates_bulk_watchdog_task() -> int:
    """Every minute while a bulk job is queued or running: resume (or fail) a job whose worker
    died. A worker killed mid-job leaves its task "running" for ever; the next worker to start
    runs this and the job goes on without anyone opening its page."""
    from .services import bulk_issue_watchdog_run

    return bulk_issue_watchdog_run()


@task()
def certificates_bulk_issue_task(job_id: int) -> dict:
    """Bulk issue for one ``BulkIssueJob``. Enqueue again with the same id to resume."""
    job = BulkIssueJob.objects.select_related("course", "session", "requested_by").get(pk=job_id)
    return bulk_issue_job_run(job=job)


@task()
def certificates_pdfs_task(numbers: list[str]) -> int:
    """Make and sign the PDFs of one chunk of a bulk issue (``jobs.bulk_pdfs_enqueue``)."""
    return bulk_pdfs_make(numbers=numbers)
