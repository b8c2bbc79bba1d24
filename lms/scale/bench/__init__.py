"""The benchmark scenarios behind ``manage.py benchmark``.

Each scenario measures what a user waits for, on the current database, and leaves that database
as it found it: writes happen inside a transaction that is rolled back (the certificate and
import benchmarks of ``certificates.benchmarks`` and ``teams.benchmarks``), or on throwaway rows
that are deleted afterwards (the HTTP check-in, whose rows must be committed for gunicorn).

Server-side scenarios time the Python call (selector, export, PDF); page scenarios time the
Django test client and, on PostgreSQL, a real gunicorn server on a loopback port. The coverage
report is compared with its *floor*: the same aggregation as one raw SQL statement, run by the
database alone, so the ratio is the framework's overhead.

One module per area: ``measure`` (timing and the result rows), ``reports`` (coverage, staffing
export), ``support`` (the support report and the entry POST), ``learners`` (pages through the test client), ``server`` (gunicorn and pages over
HTTP) and ``writes`` (check-in, certificates, member import). The ``benchmark`` command reads
them all from here.
"""

from .learners import PAGE_NAMES, bench_pages_client, learner, page_urls
from .measure import (
    LOGIN_BACKEND,
    NO_LEARNER,
    NO_PAGE,
    SKIPPED_NEEDS_POSTGRES,
    TIME_BUDGET_SECONDS,
    Result,
    is_postgres,
    measure,
    measure_pair,
    percentile,
)
from .reports import bench_coverage, bench_staffing_xlsx, busiest_province_id, busiest_ward_id
from .server import bench_pages_http, database_url, gunicorn_server, http_get, http_post
from .support import SUPPORT_SCENARIOS, bench_support, bench_support_entry, support_scenarios
from .writes import bench_bulk_issue, bench_certificate_pdf, bench_checkin, bench_member_import

__all__ = [
    "LOGIN_BACKEND",
    "NO_LEARNER",
    "NO_PAGE",
    "PAGE_NAMES",
    "SKIPPED_NEEDS_POSTGRES",
    "SUPPORT_SCENARIOS",
    "TIME_BUDGET_SECONDS",
    "Result",
    "bench_bulk_issue",
    "bench_certificate_pdf",
    "bench_checkin",
    "bench_coverage",
    "bench_member_import",
    "bench_pages_client",
    "bench_pages_http",
    "bench_staffing_xlsx",
    "bench_support",
    "bench_support_entry",
    "busiest_province_id",
    "busiest_ward_id",
    "database_url",
    "gunicorn_server",
    "http_get",
    "http_post",
    "is_postgres",
    "learner",
    "measure",
    "measure_pair",
    "page_urls",
    "percentile",
    "support_scenarios",
]
