"""Timing primitives shared by the scenarios: one :class:`Result` per measured line of the
table, and :func:`measure` / :func:`measure_pair`, which repeat a call within a time budget."""

import statistics
import time
from dataclasses import asdict, dataclass, field

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy

SKIPPED_NEEDS_POSTGRES = gettext_lazy("bỏ qua: cần PostgreSQL")
LOGIN_BACKEND = "lms.accounts.backends.PhoneOrEmailBackend"
NO_LEARNER = gettext_lazy("bỏ qua: không có học viên")
NO_PAGE = gettext_lazy("bỏ qua: không có trang")


def thousands(n):
    return f"{n:,}".replace(",", ".")


@dataclass
class Result:
    name: str
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)


def percentile(values, pct):
    ordered = sorted(values)
    if not ordered:
        return None
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# A scenario stops repeating once it has used this much time (one very slow run is already
# the answer; ten of them would only hold up the table).
TIME_BUDGET_SECONDS = 60


def _affordable(repeat, budget, warm_up):
    """Run the ``warm_up`` calls once; return how many of the ``repeat`` runs fit the budget."""
    start = time.perf_counter()
    for fn in warm_up:
        fn()
    spent = time.perf_counter() - start
    return max(1, min(repeat, int(budget / max(spent, 1e-6))))


def _timed(fn, using):
    """One call of ``fn``: (ms, queries on database ``using``)."""
    with CaptureQueriesContext(connections[using]) as captured:
        start = time.perf_counter()
        fn()
        ms = (time.perf_counter() - start) * 1000
    return ms, len(captured.captured_queries)


def measure(fn, *, repeat, using=DEFAULT_DB_ALIAS, budget=TIME_BUDGET_SECONDS):
    """Run ``fn`` ``repeat`` times (after one warm-up); return ms timings and the queries of
    the last run on database ``using``. Fewer runs when the budget is spent."""
    runs = [_timed(fn, using) for _n in range(_affordable(repeat, budget, [fn]))]
    return [ms for ms, _queries in runs], runs[-1][1]


def measure_pair(fn, floor, *, repeat, using=DEFAULT_DB_ALIAS, budget=TIME_BUDGET_SECONDS):
    """Like :func:`measure` for ``fn`` and its ``floor``, run alternately (fn, floor, fn, ...)
    so that drift on a shared machine (another process waking up, caches cooling) weighs on
    both sides of the ratio alike rather than on whichever block of runs it falls in.
    Returns (fn timings, fn queries, floor timings)."""
    timings, floor_timings = [], []
    queries = 0
    for _n in range(_affordable(repeat, budget, [fn, floor])):
        ms, queries = _timed(fn, using)
        timings.append(ms)
        floor_timings.append(_timed(floor, using)[0])
    return timings, queries, floor_timings


def result_of(name, timings, queries, *, target_ms=None, target="", **kwargs):
    median = statistics.median(timings)
    result = Result(
        name=name,
        median_ms=round(median, 1),
        p95_ms=round(percentile(timings, 95), 1),
        queries=queries,
        target=target or (f"< {target_ms:g} ms" if target_ms else ""),
        **kwargs,
    )
    if target_ms is not None:
        result.passed = median < target_ms
    return result


def is_postgres():
    return connection.vendor == "postgresql"
