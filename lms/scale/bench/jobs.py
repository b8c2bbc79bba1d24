"""The queued work's scenario: the staffing report PDF of the busiest province, timed as the
job worker makes it (``lms.reports.export_jobs.report_export_job``: the report's filters
validated for the requester, the selector, the tables, the PDF drawn).

It used to run inside the request (7–10 s measured, issue 18); it is queued now, so its time is
the worker's, which the progress page waits for. Nothing is written: the job is not saved and
its progress writes match no row.
"""

from types import SimpleNamespace

from django.utils.translation import gettext as _

from lms.accounts.choices import Role
from lms.accounts.models import User
from lms.reports.db import report_db_alias
from lms.reports.export_jobs import report_export_job
from teams.models import Province

from .measure import Result, measure, result_of

JOB_SCENARIOS = ["report_pdf_province"]
# The page polls every 1.5 s; a PDF within 2 s is one or two polls of waiting.
PDF_TARGET_MS = 2000


class _NoProgress:
    """The worker's progress, without the row (nothing to write to)."""

    def start(self, total):
        self.total = total

    def advance(self, count=1):
        pass


def bench_report_pdf_province(*, repeat, province_id):
    code = Province.objects.filter(pk=province_id).values_list("code", flat=True).first()
    requester = User(username="bench", role=Role.ADMIN, is_superuser=True, is_active=True)
    job = SimpleNamespace(
        pk=None,
        requested_by=requester,
        params={
            "kind": "staffing",
            "format": "pdf",
            "query": f"province={code}&period=year",
        },
    )
    sizes = []

    def make():
        output = report_export_job(job, _NoProgress())
        sizes.append(len(output.content))

    timings, queries = measure(make, repeat=repeat, using=report_db_alias())
    result = result_of("report_pdf_province", timings, queries, target_ms=PDF_TARGET_MS)
    result.note = _("trong tiến trình nền; PDF %(kb)s KB") % {"kb": round(sizes[-1] / 1024)}
    result.extra = {"province_code": code, "pdf_bytes": sizes[-1]}
    return result


def job_scenarios(names, *, repeat, province_id):
    """The results of the job scenarios named in ``names``, by name."""
    results = {}
    if "report_pdf_province" in names:
        results["report_pdf_province"] = (
            bench_report_pdf_province(repeat=repeat, province_id=province_id)
            if province_id
            else Result(name="report_pdf_province", note=_("bỏ qua: chưa có tổ nào"))
        )
    return results
