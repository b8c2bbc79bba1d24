"""Writes of the API app: making and revoking tokens, recording calls."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiCallLog, ApiToken
from .permissions import may_use_api

TOKEN_PREFIX = "lms"
MAX_DAYS = 3650


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, owner, name: str, days: int | None = None, expires_at=None
) -> tuple[ApiToken, str]:
    """A new token for ``owner`` and its secret, the only time the secret exists in clear.

    ``days`` (or ``expires_at``) sets an expiry; neither means the token lasts until revoked.
    Only users who may read the reports may hold one (the token acts as them)."""
    if not may_use_api(owner):
        raise ValidationError(
            _("Tài khoản này không có quyền xem báo cáo nên không thể có khóa truy cập API.")
        )
    if days is not None:
        if not 1 <= days <= MAX_DAYS:
            raise ValidationError(
                {"expires_at": _("Số ngày hiệu lực phải từ 1 đến %(max)s.") % {"max": MAX_DAYS}}
            )
        expires_at = timezone.now() + datetime.timedelta(days=days)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Ngày hết hạn phải ở tương lai.")})
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        owner=owner,
        name=(name or "").strip(),
        prefix=prefix,
        secret_hash=token_hash(raw),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by=None) -> ApiToken:
    """Revoke ``token`` (its owner or a superuser); revoking twice keeps the first time."""
    if by is not None and not (by.is_superuser or by.pk == token.owner_id):
        raise ValidationError(_("Chỉ chủ khóa hoặc quản trị viên mới thu hồi được khóa này."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_call_record(*, token: ApiToken, path: str, filters: dict, row_count, status: int):
    """Log one call and mark the token used (one UPDATE, no read of the row)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiCallLog.objects.create(
        token=token,
        at=now,
        path=path[:300],
        filters=filters,
        row_count=row_count,
        status=status,
    )
