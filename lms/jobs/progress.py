"""Progress written in batches: a handler reports every batch it finishes; the row is written
at most about ``STEPS`` times per job, whatever the number of rows, plus once at the end."""

import time

from django.db.models import F
from django.utils import timezone

from .models import Job

# How many progress writes a job makes at most (besides its first and last).
STEPS = 50
# And never more often than this, in seconds: a bar that moves once a second is enough.
MIN_INTERVAL = 1.0


class Progress:
    def __init__(self, job, *, steps=STEPS, min_interval=MIN_INTERVAL, clock=time.monotonic):
        self.job = job
        self.steps = steps
        self.min_interval = min_interval
        self.clock = clock
        self.total = job.total
        self.done = job.done
        self._written = job.done
        self._written_at = None
        self.writes = 0

    def start(self, total: int):
        """The number of items the job will go through (one write)."""
        self.total = total
        self.done = 0
        self._write()

    def advance(self, count: int = 1):
        """``count`` more items are done. Call it per batch; it writes only when the bar moved
        by at least one step (``total / steps``) and ``min_interval`` has passed."""
        self.done = min(self.done + count, self.total) if self.total else self.done + count
        step = max(1, self.total // self.steps) if self.total else 1
        if self.done - self._written < step:
            return
        if (
            self._written_at is not None
            and self.clock() - self._written_at < self.min_interval
            and self.done < self.total
        ):
            return
        self._write()

    def finish(self):
        """The work is over: the last batches (held back by the step or the interval) are
        written, once."""
        target = self.total or self.done
        if self._written != target or self.job.total != self.total:
            self.done = target
            self._write()

    def _write(self):
        Job.objects.filter(pk=self.job.pk).update(
            total=self.total,
            done=self.done,
            heartbeat_at=timezone.now(),
            progress_writes=F("progress_writes") + 1,
        )
        self.job.total, self.job.done = self.total, self.done
        self._written = self.done
        self._written_at = self.clock()
        self.writes += 1
