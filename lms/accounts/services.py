"""Write flows for accounts: the export log, role groups, activating an account with a code.

Issuing slips and erasing a member span the teams registry: see ``lms.privacy.services``.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.core.http import client_ip
from lms.core.validators import normalize_phone

from .codes import code_matches
from .groups import ROLE_GROUPS, group_for_role
from .models import ActivationCode, ExportLog, User

INVALID_CODE = _(
    "Số điện thoại hoặc mã kích hoạt không đúng. Kiểm tra lại phiếu kích hoạt cán bộ xã đã đưa."
)
EXPIRED_CODE = _("Mã kích hoạt đã hết hạn. Vui lòng đề nghị cán bộ xã, phường cấp mã mới.")
INACTIVE_ACCOUNT = _("Tài khoản này đã bị khóa. Vui lòng liên hệ cán bộ xã, phường.")


def export_log_record(*, user, export, file_format, filters=None, row_count=None, request=None):
    """Record an export that contains personal data. Call it from every such export."""
    filters = {
        key: value
        for key, value in (filters or {}).items()
        if key not in {"export", "csrfmiddlewaretoken", "page"} and value not in ("", None, [])
    }
    return ExportLog.objects.create(
        user=user,
        export=export,
        file_format=file_format,
        filters=filters,
        row_count=row_count,
        ip_address=client_ip(request) if request is not None else None,
    )


def user_role_groups_sync(*, user: User) -> User:
    """Put ``user`` in exactly one role group, the one of their role.

    Other (non-role) groups an administrator added by hand are left alone.
    """
    from django.contrib.auth.models import Group

    target = group_for_role(user.role)
    stale = Group.objects.filter(name__in=[name for name, _perms in ROLE_GROUPS.values()])
    if target is not None:
        stale = stale.exclude(pk=target.pk)
    user.groups.remove(*stale)
    if target is not None:
        user.groups.add(target)
    return user


# --- Activation (the slips are issued by ``lms.privacy.services.activation_codes_issue``) ---


@transaction.atomic
def account_activate(*, phone: str, code: str, password: str) -> User:
    """Set the password of the account behind ``phone`` if ``code`` is its open, unexpired code.

    The same message answers an unknown phone and a wrong code, so the form does not reveal who
    has an account. A password the validators refuse leaves the code unused.
    """
    phone = normalize_phone(phone)
    record = (
        ActivationCode.objects.select_for_update()
        .select_related("user")
        .filter(user__phone=phone, used_at__isnull=True)
        .first()
        if phone
        else None
    )
    if record is None or not code_matches(
        user_id=record.user_id, code=code, hashed=record.code_hash
    ):
        raise ValidationError(INVALID_CODE, code="invalid_code")
    if record.expires_at <= timezone.now():
        raise ValidationError(EXPIRED_CODE, code="expired_code")
    user = record.user
    if not user.is_active:
        raise ValidationError(INACTIVE_ACCOUNT, code="inactive")
    validate_password(password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    return user
