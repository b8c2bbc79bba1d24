"""Thin views over the report selectors: the Wagtail admin screens and the JSON endpoint.

Each admin report is Wagtail's ``ReportView`` (listing, filter panel, export buttons); the
table rows come from the selector rather than a queryset, and the export formats are this app's
own formatted XLSX, CSV and PDF (``exports.py``) instead of Wagtail's plain dump.

Every read path here (screens, exports, JSON) runs inside ``replica_reads()``, so the report
reads from the read replica when there is one. The permission check runs before it, on the
primary: a permission granted a second ago works at once, whatever the replica's lag.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_for
from lms.core.db_router import read_with_fallback, replica_reads
from lms.core.pdf import PDFTooLongError

from .charts import report_charts
from .export_jobs import export_queue_maybe
from .exports import (
    XLSX_CONTENT_TYPE,
    ExportMeta,
    export_filename,
    report_csv,
    report_pdf,
    report_xlsx,
)
from .filters import AttendanceFilterSet, CoverageFilterSet, ReportFilterSet, SupportFilterSet
from .selectors import (
    NATIONAL,
    PROVINCE,
    WARD,
    activity_report,
    attendance_report,
    coverage_report,
    report_unit_name,
    staffing_report,
    support_report,
    unit_trail,
)
from .tables import TITLES, format_cell, report_tables

REPORTS = {
    "coverage": (coverage_report, CoverageFilterSet),
    "staffing": (staffing_report, ReportFilterSet),
    "activity": (activity_report, ReportFilterSet),
    "attendance": (attendance_report, AttendanceFilterSet),
    "support": (support_report, SupportFilterSet),
}


# Who may open a report besides officers with ``reports.view_reports``: the attendance report
# is also for everyone who runs training sessions (trainers), as it was on their pages.
REPORT_EXTRA_PERMISSIONS = {"attendance": "attendance.view_trainingsession"}


def can_view_reports(user, kind=None):
    """Officers and administrators with the reports permission (for ``kind``, also whoever
    holds its extra permission), and a unit to look at."""
    if not (user.is_authenticated and user.is_active):
        return False
    extra = REPORT_EXTRA_PERMISSIONS.get(kind)
    allowed = (
        user.is_superuser
        or user.role == Role.ADMIN
        or user.has_perm("reports.view_reports")
        or (extra is not None and user.has_perm(extra))
    )
    return allowed and not scope_for(user).nothing


class BadFilters(Exception):
    """The request named filter values that are not valid: ``errors`` is
    ``{parameter: Vietnamese message naming it}`` (see ``ReportFilterSet.bad_parameters``)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def build_report(kind, request):
    """Validate the request's filters against the user's scope and run the report.

    A unit outside the scope raises ``Http404``; any other bad value raises ``BadFilters``:
    a report is never silently run on filters other than the ones asked for."""
    selector, filterset_class = REPORTS[kind]
    filters = filterset_class(request.GET, request=request)
    if filters.out_of_scope():
        raise Http404
    errors = filters.bad_parameters()
    if errors:
        raise BadFilters(errors)
    params = filters.params()
    return filters, selector(params=params)


def report_meta(kind, report):
    return ExportMeta(
        title=str(TITLES[kind]),
        unit=report_unit_name(params=report.params),
        period=report.params.period.label,
    )


def export_response(kind, report, file_format):
    tables = report_tables(kind, report)
    meta = report_meta(kind, report)
    if file_format == "xlsx":
        body, content_type = report_xlsx(tables, meta), XLSX_CONTENT_TYPE
    elif file_format == "csv":
        body, content_type = report_csv(tables, meta), "text/csv; charset=utf-8"
    else:
        body, content_type = report_pdf(tables, meta), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if file_format == "pdf" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{export_filename(kind, meta, file_format)}"'
    )
    return response


class BaseReportView(ReportView):
    kind = None
    template_name = "reports/admin/report.html"
    results_template_name = "reports/admin/report_results.html"
    paginate_by = None
    header_icon = "table"
    FORMATS = ("xlsx", "csv", "pdf")
    # Not used for the file (exports.py writes it) but tells Wagtail to show the buttons.
    list_export = ["name"]

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user, self.kind):
            raise PermissionDenied
        file_format = request.GET.get("export")
        if request.method == "GET" and file_format in self.FORMATS:
            # National files and province PDFs are made by the job worker (export_jobs);
            # queued here, on the primary, before any report is computed.
            queued = export_queue_maybe(self.kind, request, file_format)
            if queued is not None:
                return queued

        def read():
            response = super(BaseReportView, self).dispatch(request, *args, **kwargs)
            # Render now rather than in Django's handler once the view has returned, so that
            # the template's own reads (the filter form's provinces, wards, courses and
            # topics) go to the replica too.
            if isinstance(response, SimpleTemplateResponse):
                response.render()
            return response

        # On the replica while it is fit; a replica that dies mid-request is marked down and
        # the read runs again on the primary (lms.core.db_router).
        return read_with_fallback(read)

    @property
    def filterset_class(self):
        return REPORTS[self.kind][1]

    @cached_property
    def page_title(self):
        return TITLES[self.kind]

    @property
    def index_url_name(self):
        return f"reports_admin:{self.kind}"

    @property
    def index_results_url_name(self):
        return f"reports_admin:{self.kind}_results"

    filter_errors = None

    def get_filtered_queryset(self):
        if self.filters is not None and self.filters.out_of_scope():
            raise Http404
        self.filter_errors = self.filters.bad_parameters()
        if self.filter_errors:
            # Shown on the same screen with status 400 (see render_to_response): the filter
            # panel stays, the figures do not, since they would not be the ones asked for.
            self.report = None
            return []
        selector = REPORTS[self.kind][0]
        self.report = selector(params=self.filters.params())
        return self.report.rows

    def render_to_response(self, context, **response_kwargs):
        if self.filter_errors:
            # The screen, never a file (past ReportView's export branch).
            response = super(ReportView, self).render_to_response(context, **response_kwargs)
            response.status_code = 400
            return response
        if self.is_export:
            try:
                return export_response(self.kind, self.report, self.request.GET["export"])
            except PDFTooLongError:
                messages.error(
                    self.request,
                    _gettext(
                        "Báo cáo quá dài để in thành PDF. Hãy tải tệp Excel (XLSX), hoặc chọn "
                        "một đơn vị nhỏ hơn rồi tải PDF."
                    ),
                )
                return redirect(self._link())
        return super().render_to_response(context, **response_kwargs)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        buttons.append(
            Button(
                _("Tải PDF để in"),
                url=self.get_export_url("pdf"),
                icon_name="download",
                priority=110,
            )
        )
        return buttons

    def _link(self, **changes):
        query = self.request.GET.copy()
        for key in ("export", "p", "_w_filter_fragment"):
            query.pop(key, None)
        for key, value in changes.items():
            if value is None:
                query.pop(key, None)
            else:
                query[key] = value
        return f"{reverse(self.index_url_name)}?{query.urlencode()}"

    def _drill_url(self, row):
        if not row.get("drill"):
            return None
        if self.report.level == NATIONAL:
            return self._link(province=row["drill"], ward=None)
        if self.report.level == PROVINCE:
            return self._link(ward=row["drill"])
        return None

    def trail(self):
        """Links back up the levels: the country, the province, the ward being looked at."""
        scope = scope_for(self.request.user)
        items = []
        if scope.everything:
            items.append((_gettext("Toàn quốc"), self._link(province=None, ward=None)))
        for level, code, name in unit_trail(params=self.report.params):
            if level == PROVINCE and not scope.ward_id:
                items.append((name, self._link(province=code, ward=None)))
            elif level == WARD:
                items.append((name, None))
        return items

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if self.filter_errors:
            context.update(filter_errors=list(self.filter_errors.values()), report_tables=[])
            return context
        tables = report_tables(self.kind, self.report)
        for row in self.report.rows:
            row["url"] = self._drill_url(row)
        context.update(
            report=self.report,
            report_tables=[_screen_table(table) for table in tables],
            charts=report_charts(self.kind, self.report),
            unit_name=report_unit_name(params=self.report.params),
            period_label=self.report.params.period.label,
            trail=self.trail(),
        )
        return context


def _screen_table(table):
    rows = []
    for row in table.rows:
        cells = [
            (format_cell(v, c.kind), c.kind)
            for c, v in zip(table.columns, table.cells(row), strict=True)
        ]
        rows.append({"cells": cells, "url": row.get("url")})
    totals = None
    if table.totals is not None:
        totals = [table.total_label] + [
            format_cell(table.totals.get(c.key), c.kind) for c in table.columns[1:]
        ]
    return {
        "caption": table.caption,
        "groups": table.header_groups() if table.has_groups else None,
        "columns": table.columns,
        "rows": rows,
        "totals": totals,
    }


class CoverageReportView(BaseReportView):
    kind = "coverage"


class StaffingReportView(BaseReportView):
    kind = "staffing"


class ActivityReportView(BaseReportView):
    kind = "activity"


class AttendanceReportView(BaseReportView):
    kind = "attendance"


class SupportReportView(BaseReportView):
    kind = "support"


ADMIN_VIEWS = {
    "coverage": CoverageReportView,
    "staffing": StaffingReportView,
    "activity": ActivityReportView,
    "attendance": AttendanceReportView,
    "support": SupportReportView,
}


# -- JSON endpoint ------------------------------------------------------------------------------


def _json_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@require_GET
def report_json(request, kind):
    """The figures of one report as JSON, with the same filters as the admin screen, for the
    province's reporting system. Session-authenticated; officers and administrators only."""
    if kind not in REPORTS:
        raise Http404
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required"}, status=401)
    if not can_view_reports(request.user, kind):
        return JsonResponse({"error": "permission denied"}, status=403)
    try:
        payload = report_payload(kind, request)
    except Http404:
        return JsonResponse({"error": "unit not found in your scope"}, status=404)
    except BadFilters as bad:
        return JsonResponse(
            {
                "error": "bad parameters",
                "detail": " ".join(bad.errors.values()),
                "errors": bad.errors,
            },
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response


@replica_reads()
def report_payload(kind, request):
    """The JSON body of :func:`report_json`; raises ``Http404`` for a unit outside the scope."""
    _filters, report = build_report(kind, request)
    params = report.params
    payload = {
        "report": kind,
        "title": str(TITLES[kind]),
        "level": report.level,
        "unit": report_unit_name(params=params),
        "period": {"start": params.period.start.isoformat(), "end": params.period.end.isoformat()},
        "rows": [
            {key: _json_value(value) for key, value in row.items() if key not in ("url",)}
            for row in report.rows
        ],
        "totals": report.totals,
    }
    for key, value in report.extra.items():
        payload[key] = [
            {k: _json_value(v) for k, v in item.items()} if isinstance(item, dict) else item
            for item in value
        ]
    return payload


@require_GET
def ward_choices(request):
    """The wards of one province the user may report on, for the report screens' ward choice
    (``static/js/reports-wards.js``): the same choices the filter accepts."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": "authentication required"}, status=401)
    if not can_view_reports(request.user, "attendance"):
        return JsonResponse({"error": "permission denied"}, status=403)
    province = request.GET.get("province", "")
    wards = ReportFilterSet({"province": province}, request=request).filters["ward"].queryset
    if not province:
        wards = wards.none()
    response = JsonResponse(
        {
            "wards": [
                {"code": w.code, "name": w.name}
                for w in wards.select_related(None).only("code", "name")
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def index(request):
    """/bao-cao/ opens the coverage report in the admin (which asks for a login if needed)."""
    return redirect("reports_admin:coverage")
