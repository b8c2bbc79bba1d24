from django.core.management.base import BaseCommand, CommandError

from courses.reminders.services import reminders_run
from courses.reminders.tasks import reminders_send_task


class Command(BaseCommand):
    help = (
        "Queue the reminders task (plan the reminders due now, send the due ones). Run by a "
        "timer every few minutes; --inline runs it here instead of in the task worker."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run in this process instead of queueing it for the worker.",
        )

    def handle(self, *args, **options):
        if options["inline"]:
            try:
                counts = reminders_run()
            except Exception as error:
                raise CommandError(f"Sending reminders failed: {error}") from error
            self.stdout.write(" ".join(f"{k}={v}" for k, v in counts.items()))
            return
        result = reminders_send_task.enqueue()
        self.stdout.write(f"queued {result.id} ({result.status})")
