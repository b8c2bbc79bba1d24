from django_tasks import task


@task()
def add_numbers(a, b):
    """A task small enough to show the queue path on its own (enqueue, worker, result)."""
    return a + b
