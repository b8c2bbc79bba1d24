"""The five reports, each through the same code path as its screen and its JSON endpoint
(``lms.reports.views.report_payload``: the same FilterSet, scope and selector), so the API's
figures are the screen's figures."""

from django.utils.translation import gettext as _
from ninja import Query, Router

from lms.reports.views import REPORTS, can_view_reports, report_payload

from ..caching import conditional_json
from ..params import filter_names, filters_schema, reject_unknown
from ..problems import ApiProblem
from ..schemas import Problem, ReportOut

router = Router(tags=["Báo cáo"])

DOCS = {
    "coverage": (
        "Độ bao phủ",
        "Số tổ, số thành viên, số người đã tập huấn và có chứng nhận theo từng đơn vị cấp dưới.",
    ),
    "staffing": ("Nhân lực", "Thành viên theo giới tính, độ tuổi, trình độ, đơn vị công tác."),
    "activity": ("Hoạt động tập huấn", "Buổi tập huấn, lượt tham dự, hoàn thành theo tháng."),
    "attendance": ("Tỷ lệ tham dự", "Tỷ lệ tham dự theo tổ (hoặc xã, phường) và theo buổi."),
    "support": ("Hỗ trợ người dân", "Những gì các tổ đã làm cho người dân (sổ hỗ trợ)."),
}

RESPONSES = {
    200: ReportOut,
    304: None,
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    429: Problem,
}


def _report_operation(kind):
    filterset_class = REPORTS[kind][1]
    schema = filters_schema(f"{kind.capitalize()}Filters", filterset_class)
    allowed = filter_names(filterset_class)

    def operation(request, filters: Query[schema]):
        reject_unknown(request, allowed)
        if not can_view_reports(request.user, kind):
            raise ApiProblem(403, _("Chủ khóa không có quyền xem báo cáo này."))
        payload = report_payload(kind, request)
        request.api_row_count = len(payload["rows"])
        return conditional_json(request, payload)

    operation.__name__ = f"report_{kind}"
    summary, description = DOCS[kind]
    router.get(
        f"/{kind}",
        response=RESPONSES,
        summary=summary,
        description=description
        + " Đơn vị ngoài phạm vi của chủ khóa trả 404, như đơn vị không tồn tại."
        + " Có ETag và Last-Modified; gửi If-None-Match để nhận 304 khi số liệu chưa đổi.",
        operation_id=f"report_{kind}",
    )(operation)


for _kind in DOCS:
    if _kind in REPORTS:
        _report_operation(_kind)
