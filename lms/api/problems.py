"""Every error of the API as RFC 9457 problem details, in Vietnamese, naming the parameter.

``{"type", "title", "status", "detail", "instance", "errors": [{"parameter", "detail"}]}`` with
``Content-Type: application/problem+json``. Unknown parameters, malformed periods, impossible
dates, reversed ranges and unknown ids are 400; a unit outside the token owner's scope is 404
with the same words as a unit that does not exist, so a guess learns nothing.
"""

import json

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from lms.reports.views import BadFilters

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "/api/v1/docs#problem-"


class ApiProblem(Exception):
    """Raise anywhere in an operation to answer with a problem document."""

    def __init__(self, status, detail, *, errors=None, headers=None, kind=None):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.errors, self.headers, self.kind = errors or [], headers or {}, kind


def _titles():
    return {
        400: ("bad-request", _("Tham số không hợp lệ")),
        401: ("unauthorized", _("Chưa xác thực")),
        403: ("forbidden", _("Không có quyền")),
        404: ("not-found", _("Không tìm thấy")),
        405: ("method-not-allowed", _("Phương thức không được hỗ trợ")),
        429: ("too-many-requests", _("Quá nhiều yêu cầu")),
    }


def problem_response(request, status, detail, *, errors=None, headers=None, kind=None):
    slug, title = _titles().get(status, ("error", _("Lỗi")))
    body = {
        "type": TYPE_BASE + (kind or slug),
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON
    )
    response["Cache-Control"] = "private, no-store"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def parameter_error(name, detail):
    return {"parameter": name, "detail": str(detail)}


def _ninja_errors(exc):
    """Ninja's pydantic errors as ``[{parameter, detail}]``: ``loc`` is ("query", name, ...)."""
    errors = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = loc[0] if loc else "?"
        if error.get("type") in ("int_parsing", "int_type"):
            message = _("phải là một số nguyên.")
        elif error.get("type") in ("greater_than_equal", "less_than_equal"):
            ctx = error.get("ctx", {})
            bound = ctx.get("ge", ctx.get("le"))
            message = (
                _("phải lớn hơn hoặc bằng %(n)s.")
                if "ge" in ctx
                else _("phải nhỏ hơn hoặc bằng %(n)s.")
            ) % {"n": bound}
        elif error.get("type") in ("literal_error", "enum"):
            message = _("không có trong danh sách chọn.")
        elif error.get("type") == "missing":
            message = _("là bắt buộc.")
        else:
            message = _("không hợp lệ.")
        errors.append(
            parameter_error(
                name, _("Tham số “%(name)s”: %(message)s") % {"name": name, "message": message}
            )
        )
    return errors


def register_handlers(api):
    @api.exception_handler(ApiProblem)
    def _problem(request, exc):
        return problem_response(
            request, exc.status, exc.detail, errors=exc.errors, headers=exc.headers, kind=exc.kind
        )

    @api.exception_handler(BadFilters)
    def _bad_filters(request, exc):
        errors = [parameter_error(name, message) for name, message in exc.errors.items()]
        return problem_response(
            request, 400, " ".join(str(m) for m in exc.errors.values()), errors=errors
        )

    @api.exception_handler(NinjaValidationError)
    def _invalid(request, exc):
        errors = _ninja_errors(exc)
        return problem_response(request, 400, " ".join(e["detail"] for e in errors), errors=errors)

    @api.exception_handler(Http404)
    def _not_found(request, exc):
        return problem_response(request, 404, not_found_detail())

    @api.exception_handler(AuthenticationError)
    def _unauthenticated(request, exc):
        detail = getattr(request, "api_auth_problem", None) or _(
            "Thiếu khóa truy cập hoặc khóa không đúng. Gửi tiêu đề “Authorization: Bearer <khóa>”."
        )
        return problem_response(request, 401, detail, headers={"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Throttled)
    def _throttled(request, exc):
        return problem_response(request, 429, throttled_detail(), headers={"Retry-After": "60"})


def not_found_detail():
    return _("Không tìm thấy, hoặc đơn vị nằm ngoài phạm vi của khóa truy cập này.")


def throttled_detail():
    return _("Khóa truy cập này đã gọi quá số lần cho phép. Hãy thử lại sau.")
