"""``/api/v1/``: the django-ninja API, its error shapes, its token auth and its call log.

Every operation runs in Vietnamese (messages name the parameter in Vietnamese whatever the
caller's ``Accept-Language``), and every call made with a token is logged afterwards with its
final status, errors and 429s included (``ApiCallLog``).
"""

from functools import wraps

from django.utils import translation
from ninja import NinjaAPI

from .auth import TokenAuth
from .docs import LocalSwagger
from .problems import register_handlers
from .routers import certificates, registry, reports, training
from .services import api_call_record

DESCRIPTION = """API chỉ đọc cho hệ thống của các tỉnh (trung tâm IOC, hệ thống báo cáo).

* Xác thực: tiêu đề `Authorization: Bearer <khóa>`; khóa tạo trong trang quản trị,
  mục “Khóa truy cập API”. Khóa mang đúng phạm vi và quyền của người tạo.
* Lỗi theo RFC 9457 (`application/problem+json`), thông báo tiếng Việt nêu tên tham số.
* Đơn vị ngoài phạm vi trả 404 như đơn vị không tồn tại.
* Danh sách phân trang (`page`, `page_size`), thứ tự ổn định.
* Báo cáo có `ETag`/`Last-Modified`; gửi `If-None-Match` để nhận 304.
* Giới hạn số lần gọi theo từng khóa: quá giới hạn trả 429 kèm `Retry-After`.
"""

MAX_LOGGED_VALUE = 200


def _logged_filters(query):
    """The query as it came, bounded and without NUL bytes (PostgreSQL JSON refuses them)."""
    filters = {}
    for key, values in list(query.lists())[:30]:
        clean = [str(v).replace("\x00", "")[:MAX_LOGGED_VALUE] for v in values[:5]]
        filters[key.replace("\x00", "")[:50]] = clean[0] if len(clean) == 1 else clean
    return filters


def log_calls(run):
    @wraps(run)
    def wrapper(request, *args, **kwargs):
        with translation.override("vi"):
            response = run(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            api_call_record(
                token=token,
                path=request.path.replace("\x00", ""),
                filters=_logged_filters(request.GET),
                row_count=getattr(request, "api_row_count", None),
                status=response.status_code,
            )
        return response

    return wrapper


api = NinjaAPI(
    title="API Tổ công nghệ số cộng đồng",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=TokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
register_handlers(api)
api.add_decorator(log_calls, mode="view")
api.add_router("/reports/", reports.router)
api.add_router("/", registry.router)
api.add_router("/training/", training.router)
api.add_router("/certificates/", certificates.router)
