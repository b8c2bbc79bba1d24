"""Write flows for accounts and personal-data protection."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.validators import MOBILE_RE, normalize_phone

from .backends import client_ip
from .choices import Role
from .codes import code_generate, code_hash, code_matches
from .models import ActivationCode, AnonymisationRecord, ExportLog, User
from .scoping import scope_for

ACTIVATION_CODE_DAYS = getattr(settings, "LMS_ACTIVATION_CODE_DAYS", 30)
ISSUE_PERMISSION = "accounts.add_activationcode"

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

    from .groups import ROLE_GROUPS, group_for_role

    target = group_for_role(user.role)
    stale = Group.objects.filter(name__in=[name for name, _perms in ROLE_GROUPS.values()])
    if target is not None:
        stale = stale.exclude(pk=target.pk)
    user.groups.remove(*stale)
    if target is not None:
        user.groups.add(target)
    return user


# --- Activation codes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivationSlip:
    """What is printed for one person; ``code`` exists only here, never in the database."""

    member: object
    user: User
    code: str
    expires_at: datetime.datetime


def _split_name(full_name):
    # Vietnamese order: the last word is the given name.
    parts = (full_name or "").split()
    if len(parts) <= 1:
        return "", full_name or ""
    return " ".join(parts[:-1]), parts[-1]


@transaction.atomic
def activation_codes_issue(*, members, by: User) -> list[ActivationSlip]:
    """Give each member an account (username = phone, no usable password) and a fresh code.

    Used for first activation of imported members and for the officer-assisted password reset
    (members without email). Issuing replaces any unused code of the same person. Every member
    must lie in ``by``'s scope. Checks run on the whole set first, in a fixed number of queries,
    so that either every slip is issued or nothing is saved.
    """
    from teams.models import Member

    if not by.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
    members = list(members)
    if not members:
        raise ValidationError(_("Chưa chọn thành viên nào."), code="empty")
    ids = [m.pk for m in members]
    in_scope = set(
        scope_for(by).apply(Member.objects.filter(pk__in=ids)).values_list("pk", flat=True)
    )
    if len(in_scope) != len(set(ids)):
        raise PermissionDenied

    errors = []
    for member in members:
        if member.anonymised_at:
            errors.append(
                ValidationError(
                    _("%(name)s đã được ẩn danh hóa, không thể cấp mã."),
                    code="anonymised",
                    params={"name": member.full_name},
                )
            )
        elif not MOBILE_RE.match(member.phone or ""):
            errors.append(
                ValidationError(
                    _("%(name)s chưa có số điện thoại hợp lệ, cần bổ sung trước khi cấp mã."),
                    code="no_phone",
                    params={"name": member.full_name},
                )
            )
    if errors:
        raise ValidationError(errors)

    new_members = [m for m in members if m.user_id is None]
    phones = [m.phone for m in new_members]
    emails = [m.email.lower() for m in new_members if m.email]
    existing = {}
    taken_emails = set()
    if new_members:
        for user in User.objects.filter(Q(username__in=phones) | Q(phone__in=phones)):
            existing[user.phone or user.username] = user
        if emails:
            taken_emails = {
                e.lower()
                for e in User.objects.filter(email__in=emails).values_list("email", flat=True)
            }
        linked_user_ids = set(
            Member.objects.filter(user_id__in=[u.pk for u in existing.values()]).values_list(
                "user_id", flat=True
            )
        )

    to_create, to_link = [], []
    for member in new_members:
        user = existing.get(member.phone)
        if user is not None:
            if user.role != Role.MEMBER or user.pk in linked_user_ids:
                errors.append(
                    ValidationError(
                        _("Số điện thoại %(phone)s đã thuộc về một tài khoản khác."),
                        code="phone_taken",
                        params={"phone": member.phone},
                    )
                )
                continue
        else:
            last_name, first_name = _split_name(member.full_name)
            email = (
                member.email if member.email and member.email.lower() not in taken_emails else ""
            )
            user = User(
                username=member.phone,
                phone=member.phone,
                email=email,
                last_name=last_name,
                first_name=first_name,
                role=Role.MEMBER,
            )
            user.set_unusable_password()
            to_create.append(user)
        to_link.append((member, user))
    if errors:
        raise ValidationError(errors)

    User.objects.bulk_create(to_create)
    for member, user in to_link:
        member.user = user
    Member.objects.bulk_update([m for m, _u in to_link], ["user"])

    users = [m.user for m in members]
    ActivationCode.objects.filter(user__in=users, used_at__isnull=True).delete()
    expires_at = timezone.now() + datetime.timedelta(days=ACTIVATION_CODE_DAYS)
    slips, rows = [], []
    for member in members:
        code = code_generate()
        rows.append(
            ActivationCode(
                user=member.user,
                code_hash=code_hash(user_id=member.user.pk, code=code),
                issued_by=by,
                expires_at=expires_at,
            )
        )
        slips.append(
            ActivationSlip(member=member, user=member.user, code=code, expires_at=expires_at)
        )
    ActivationCode.objects.bulk_create(rows)
    return slips


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


# --- Anonymisation -------------------------------------------------------------------------------


def anonymised_name(member_pk):
    return f"Người dùng đã ẩn danh #{member_pk}"


@transaction.atomic
def member_anonymise(*, member, by: User | None, via: str = "admin"):
    """Erase what identifies ``member`` while keeping every row the statistics count.

    Name, phone, email, CCCD and date of birth go; ward, gender, affiliation, memberships,
    attendance and certificates stay, so totals per ward, course and period do not move. The
    linked account is disabled for good. Certificates are told to show "issued to an anonymised
    person". Old labels in the admin history and lockout records are scrubbed too, since they
    copy the name or phone. ``by`` is None only for the server-side management command.
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from certificates.services import certificates_anonymise_holder
    from teams.models import Member

    if by is not None and not (by.is_superuser or by.role == Role.ADMIN):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.anonymised_at:
        raise ValidationError(
            _("Thành viên này đã được ẩn danh hóa trước đó."), code="already_anonymised"
        )
    now = timezone.now()
    identifiers = {v for v in (member.phone, member.email, member.cccd) if v}

    member.full_name = anonymised_name(member.pk)
    member.phone = ""
    member.email = ""
    member.cccd = ""
    member.date_of_birth = None
    member.public_consent = False
    member.public_consent_at = now
    member.anonymised_at = now
    member.full_clean()
    member.save()

    log_entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member), object_id=str(member.pk)
    )
    log_entries.update(label=member.full_name)

    user = member.user
    if user is not None:
        identifiers |= {v for v in (user.username, user.phone, user.email) if v}
        user.username = f"anonymised-{user.pk}"
        user.phone = ""
        user.email = ""
        user.first_name = ""
        user.last_name = member.full_name
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        user.activation_codes.all().delete()
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(label=member.full_name)

    if identifiers:
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__in=identifiers).delete()

    certificates_anonymise_holder(member=member)
    AnonymisationRecord.objects.create(member=member, member_pk=member.pk, performed_by=by, via=via)
    return member
