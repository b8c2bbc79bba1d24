"""The query parameters of each operation, documented from the report FilterSets themselves.

The API validates with the same FilterSets as the report screens (one rule, one place); the
pydantic models built here only describe the parameters in the OpenAPI schema (all optional
strings, or the fixed choices), and :func:`reject_unknown` refuses any parameter an operation
does not take, instead of silently answering with other data.
"""

from functools import cache
from typing import Literal

from django.utils import translation
from django.utils.translation import gettext as _
from django_filters import ChoiceFilter
from ninja import Schema
from pydantic import Field, create_model

from .problems import ApiProblem, parameter_error

PAGE_PARAMETERS = ("page", "page_size")
MAX_PAGE_SIZE = 200

# Vietnamese descriptions and examples shown in the documentation, per parameter.
HELP = {
    "province": ("Mã tỉnh, thành phố (2 chữ số, theo danh mục đơn vị hành chính).", "92"),
    "ward": ("Mã xã, phường, đặc khu (5 chữ số).", "31333"),
    "course": ("Mã số (id) khóa học.", "12"),
    "topic": ("Mã số (id) chủ đề.", "3"),
    "team_level": ("Cấp tổ.", None),
    "period": (
        "Kỳ báo cáo: 2026 (năm), 2026-h2 (6 tháng), 2026-q3 (quý), 2026-m11 (tháng), hoặc "
        "month, quarter, half, year (kỳ hiện tại). Mặc định: năm nay.",
        "2026-q3",
    ),
    "date_from": ("Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd); dùng thay cho kỳ báo cáo.", "01/07/2026"),
    "date_to": ("Đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd), sau hoặc bằng “date_from”.", "30/09/2026"),
    "gap": ("Chỉ hiện các đơn vị chưa có tổ, hoặc chưa có ai được tập huấn.", None),
    "by": ("Tỷ lệ theo tổ hay theo xã, phường.", None),
    "status": ("Trạng thái tổ.", None),
    "q": ("Số giấy chứng nhận hoặc mã xác thực.", "0001/2026/GCN-SKHCN"),
}


def _field(name, annotation, description=None):
    text, example = HELP.get(name, ("", None))
    return (
        annotation | None,
        Field(
            None,
            description=description or text,
            json_schema_extra={"examples": [example]} if example else None,
        ),
    )


@cache
def filter_names(filterset_class):
    """The parameters a FilterSet reads (``SupportFilterSet`` drops course and topic)."""
    return tuple(filterset_class(None, request=None).filters)


@cache
def filters_schema(name, filterset_class, exclude=()):
    """A pydantic model naming every filter of ``filterset_class`` with its description."""
    fields = {}
    with translation.override("vi"):
        filterset = filterset_class(None, request=None)
        for key, flt in filterset.filters.items():
            if key in exclude:
                continue
            annotation = str
            if isinstance(flt, ChoiceFilter) and isinstance(flt.extra.get("choices"), list | tuple):
                values = tuple(value for value, _label in flt.extra["choices"] if value)
                annotation = Literal[values]
            text = HELP.get(key, (str(flt.label), None))[0]
            fields[key] = _field(key, annotation, text)
    return create_model(name, __base__=Schema, **fields)


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Trang (bắt đầu từ 1).")
    page_size: int = Field(
        50, ge=1, le=MAX_PAGE_SIZE, description=f"Số dòng mỗi trang (tối đa {MAX_PAGE_SIZE})."
    )


def reject_unknown(request, allowed):
    """400 naming every parameter the operation does not take."""
    unknown = [key for key in request.GET if key not in allowed]
    if unknown:
        errors = [
            parameter_error(
                key,
                _("Tham số “%(name)s” không được hỗ trợ. Các tham số hợp lệ: %(allowed)s.")
                % {"name": key[:50], "allowed": ", ".join(allowed) or "—"},
            )
            for key in unknown[:20]
        ]
        raise ApiProblem(400, " ".join(e["detail"] for e in errors), errors=errors)


def paginate(request, queryset, page, page_size, *, counted=None):
    """One page of ``queryset`` (already in a stable order) and the page facts; a page past the
    last is a 400 naming ``page``. ``counted``: the same rows without their annotations, which
    the database counts without computing them."""
    total = (counted if counted is not None else queryset).count()
    pages = max(1, -(-total // page_size))
    if page > pages:
        raise ApiProblem(
            400,
            _("Tham số “page”: chỉ có %(pages)s trang.") % {"pages": pages},
            errors=[parameter_error("page", _("Chỉ có %(pages)s trang.") % {"pages": pages})],
        )
    start = (page - 1) * page_size
    rows = list(queryset[start : start + page_size])
    request.api_row_count = len(rows)
    return rows, {"count": total, "page": page, "page_size": page_size, "pages": pages}
