"""Included at ``/api/v1/`` by ``lms.urls``; the namespace is the API's own (the docs page
reverses ``api_v1:openapi-json``).

Every answer under ``/api/v1/`` is a problem document when it is an error, the ones django-ninja
and Django give themselves too: a method an operation does not take (405, with ``Allow``) and
a path that names no operation (404).
"""

from functools import wraps

from django.urls import URLPattern, re_path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .api import api
from .problems import PROBLEM_JSON, problem_response


def _method_problem(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(PROBLEM_JSON):
            return response
        allowed = response.get("Allow", "")
        with translation.override("vi"):
            detail = _("Địa chỉ này không nhận phương thức %(method)s; chỉ nhận %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            return problem_response(request, 405, detail, headers={"Allow": allowed})

    return wrapper


@csrf_exempt
def no_operation(request, rest=""):
    """A path under ``/api/v1/`` that names no operation."""
    with translation.override("vi"):
        return problem_response(
            request,
            404,
            _("Không có thao tác nào ở địa chỉ này. Xem danh sách tại /api/v1/docs."),
        )


app_name = api.urls_namespace
urlpatterns = [
    # django-ninja's root (kept by name: ninja reverses it) answers 404 as a page; ours too.
    URLPattern(
        p.pattern,
        no_operation if p.name == "api-root" else _method_problem(p.callback),
        p.default_args,
        p.name,
    )
    for p in api.urls[0]
] + [re_path(r"^(?P<rest>.*)$", no_operation, name="no-operation")]
