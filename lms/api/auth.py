"""``Authorization: Bearer <token>``: the token's owner becomes ``request.user`` for the call,
so every selector and filter applies the owner's scope exactly as on the screens.

Each call counts against the token's own limit (``lms.core.ratelimit``, the product's one
mechanism, shared by every worker through the cache): over it, 429 with ``Retry-After``.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from lms.core import ratelimit

from .permissions import may_use_api
from .problems import ApiProblem, throttled_detail
from .selectors import api_token_for_secret

WINDOW_SECONDS = 60


def token_limit():
    return ratelimit.Limit(
        "api-token", getattr(settings, "LMS_API_CALLS_PER_MINUTE", 120), WINDOW_SECONDS
    )


class TokenAuth(HttpBearer):
    openapi_description = "Khóa truy cập cá nhân tạo trong trang quản trị (“Khóa truy cập API”)."

    def authenticate(self, request, token):
        found = api_token_for_secret(token.strip())
        if found is None:
            return None
        now = timezone.now()
        if found.revoked_at is not None:
            request.api_auth_problem = _("Khóa truy cập này đã bị thu hồi.")
            return None
        if found.expires_at is not None and found.expires_at <= now:
            request.api_auth_problem = _("Khóa truy cập này đã hết hạn.")
            return None
        if not found.owner.is_active:
            request.api_auth_problem = _("Tài khoản chủ khóa đã bị khóa.")
            return None
        request.user = found.owner
        request.api_token = found
        if ratelimit.hit_and_check(token_limit(), f"token:{found.pk}"):
            raise ApiProblem(429, throttled_detail(), headers={"Retry-After": str(WINDOW_SECONDS)})
        if not may_use_api(found.owner):
            raise ApiProblem(403, _("Chủ khóa không có quyền xem báo cáo."))
        return found
