"""Background tasks (django-tasks). They only load their job and run it (``jobs``)."""

from django_tasks import task

from .jobs import bulk_issue_job_run
from .models import BulkIssueJob


@task()
def certificates_bulk_issue_task(job_id: int) -> dict:
    """Bulk issue for one ``BulkIssueJob``. Enqueue again with the same id to resume."""
    job = BulkIssueJob.objects.select_related("course", "session", "requested_by").get(pk=job_id)
    return bulk_issue_job_run(job=job)
