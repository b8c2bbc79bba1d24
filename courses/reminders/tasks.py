"""Background task (django-tasks): the timer's ``send_reminders`` command queues it."""

from django_tasks import task

from .services import reminders_run


@task()
def reminders_send_task() -> dict:
    """Plan the reminders due now and send every due one (``services.reminders_run``)."""
    return reminders_run()
