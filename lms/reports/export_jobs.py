"""Report files made by the job worker (``lms.jobs``) instead of inside the request.

A national report takes seconds to compute (staffing and activity read every member) and a
province's PDF used to take 7–10 s to draw, so these exports are queued: the officer sees a
progress page and downloads the file when it is ready. A ward's files stay in the request.

The job keeps the request's query string and replays it in the worker as the requester, so
the filters are validated against their scope a second time when the work is done.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lms.core.db_router import read_with_fallback
from lms.core.pdf import PDFTooLongError
from lms.jobs.registry import JobFailed, JobOutput
from lms.jobs.services import job_start

from .exports import XLSX_CONTENT_TYPE, export_filename, report_csv, report_pdf, report_xlsx
from .selectors import NATIONAL, PROVINCE
from .tables import TITLES, report_tables

JOB_KIND = "reports.export"
# Which exports go to the worker, by the level of the report: the rest stay in the request.
QUEUED = {NATIONAL: {"xlsx", "csv", "pdf"}, PROVINCE: {"pdf"}}
CONTENT_TYPES = {
    "xlsx": XLSX_CONTENT_TYPE,
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
FORMAT_LABELS = {"xlsx": "Excel (XLSX)", "csv": "CSV", "pdf": "PDF"}


def export_queue_maybe(kind, request, file_format):
    """A redirect to the job's page when this export is queued, else ``None`` (the view makes
    the file in the request). Invalid filters are left to the view, which answers them."""
    from .views import REPORTS

    if not getattr(settings, "LMS_JOBS_QUEUE", True):
        return None
    filters = REPORTS[kind][1](request.GET, request=request)
    if filters.out_of_scope() or filters.bad_parameters():
        return None
    if file_format not in QUEUED.get(filters.params().level, ()):
        return None
    query = request.GET.copy()
    query.pop("export", None)
    job = job_start(
        kind=JOB_KIND,
        by=request.user,
        title=_("Xuất %(title)s (%(format)s)")
        % {"title": str(TITLES[kind]).lower(), "format": FORMAT_LABELS[file_format]},
        params={"kind": kind, "format": file_format, "query": query.urlencode()},
    )
    return redirect(job.get_absolute_url())


def report_export_job(job, progress):
    """The worker's side: the same file the request would have made."""
    from .views import BadFilters, build_report, report_meta

    kind, file_format = job.params["kind"], job.params["format"]
    request = HttpRequest()
    request.user = job.requested_by
    request.GET = QueryDict(job.params.get("query", ""))
    progress.start(3)
    try:
        _filters, report = read_with_fallback(lambda: build_report(kind, request))
    except (Http404, BadFilters) as exc:
        raise JobFailed(_("Bộ lọc của báo cáo không còn hợp lệ với phạm vi của bạn.")) from exc
    progress.advance(1)
    tables = report_tables(kind, report)
    meta = report_meta(kind, report)
    progress.advance(1)
    try:
        if file_format == "xlsx":
            body = report_xlsx(tables, meta)
        elif file_format == "csv":
            body = report_csv(tables, meta)
        else:
            body = report_pdf(tables, meta)
    except PDFTooLongError as exc:
        raise JobFailed(
            _(
                "Báo cáo quá dài để in thành PDF. Hãy tải tệp Excel (XLSX), hoặc chọn một đơn vị "
                "nhỏ hơn rồi tải PDF."
            )
        ) from exc
    progress.advance(1)
    return JobOutput(
        content=body,
        file_name=export_filename(kind, meta, file_format),
        content_type=CONTENT_TYPES[file_format],
    )


def register():
    from lms.jobs.registry import job_kind_register

    job_kind_register(JOB_KIND, report_export_job)
