"""Background tasks (django-tasks): they only load their job and run it (``runner``)."""

from django_tasks import task

from .models import Job
from .runner import job_run


@task()
def jobs_run_task(job_id: str) -> str:
    """Run one ``Job``. Enqueue again with the same id to run it again from scratch."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None:  # purged or deleted meanwhile
        return "gone"
    return job_run(job=job)


@task()
def jobs_purge_task() -> int:
    """Delete expired jobs and their files; queued (deferred) for when the next one expires."""
    from .services import jobs_purge

    return jobs_purge()
