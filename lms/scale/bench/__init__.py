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
export), ``support`` (the support report and the entry POST), ``staff_reports`` (the admin
report screens, staffing, activity and filtered coverage, issue 18), ``registry`` (member
listings and certificate lookups), ``jobs`` (what the job worker builds), ``signing`` (PAdES
signing of certificates), ``learners`` (pages through the test client), ``server`` (gunicorn and pages over
HTTP) and ``writes`` (check-in, certificates, member import). The ``benchmark`` command reads
them all from here.
"""

from .jobs import JOB_SCENARIOS, job_scenarios
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
from .registry import REGISTRY_SCENARIOS, registry_scenarios
from .reports import bench_coverage, bench_staffing_xlsx, busiest_province_id, busiest_ward_id
from .server import bench_pages_http, database_url, gunicorn_server, http_get, http_post
from .signing import BULK_PDF_SAMPLE, SIGNING_SCENARIOS, signing_scenarios
from .staff_reports import STAFF_REPORT_SCENARIOS, staff_report_scenarios
from .support import SUPPORT_SCENARIOS, bench_support, bench_support_entry, support_scenarios
from .writes import bench_bulk_issue, bench_certificate_pdf, bench_checkin, bench_member_import

# The areas whose scenarios are run by one function ``(names, *, repeat, province_id)``.
AREAS = [
    (STAFF_REPORT_SCENARIOS, staff_report_scenarios),
    (REGISTRY_SCENARIOS, registry_scenarios),
    (JOB_SCENARIOS, job_scenarios),
]

__all__ = [
    "AREAS",
    "BULK_PDF_SAMPLE",
    "JOB_SCENARIOS",
    "REGISTRY_SCENARIOS",
    "SIGNING_SCENARIOS",
    "STAFF_REPORT_SCENARIOS",
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
    "job_scenarios",
    "learner",
    "measure",
    "measure_pair",
    "page_urls",
    "percentile",
    "registry_scenarios",
    "signing_scenarios",
    "staff_report_scenarios",
    "support_scenarios",
]
