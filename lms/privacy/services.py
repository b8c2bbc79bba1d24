"""Write flows on members that span apps: activation slips and erasure on request."""

import datetime
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from certificates.services import certificates_anonymise_holder
from lms.accounts.choices import Role
from lms.accounts.codes import code_generate, code_hash
from lms.accounts.models import ActivationCode, AnonymisationRecord, User
from lms.accounts.scoping import scope_for
from lms.core.signals import members_changed_send
from lms.core.validators import MOBILE_RE
from teams.models import Member

ACTIVATION_CODE_DAYS = getattr(settings, "LMS_ACTIVATION_CODE_DAYS", 30)
ISSUE_PERMISSION = "accounts.add_activationcode"


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
    members = list(members)
    _slips_check(members=members, by=by)
    _accounts_link(members=[m for m in members if m.user_id is None])
    return _codes_issue(members=members, by=by)


def _slips_check(*, members, by):
    """Refuse the whole set if ``by`` may not issue, or if one person cannot get a slip."""
    if not by.has_perm(ISSUE_PERMISSION):
        raise PermissionDenied
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


def _accounts_link(*, members):
    """Link each member without an account to a new one, or to the unlinked member account
    that already holds their phone. Nothing is saved if one phone belongs to someone else."""
    if not members:
        return
    phones = [m.phone for m in members]
    emails = [m.email.lower() for m in members if m.email]
    existing = {
        user.phone or user.username: user
        for user in User.objects.filter(Q(username__in=phones) | Q(phone__in=phones))
    }
    taken_emails = {
        e.lower() for e in User.objects.filter(email__in=emails).values_list("email", flat=True)
    }
    linked_user_ids = set(
        Member.objects.filter(user_id__in=[u.pk for u in existing.values()]).values_list(
            "user_id", flat=True
        )
    )

    errors, to_create, to_link = [], [], []
    for member in members:
        user = existing.get(member.phone)
        if user is None:
            user = _account_new(member, email_taken=(member.email or "").lower() in taken_emails)
            to_create.append(user)
        elif user.role != Role.MEMBER or user.pk in linked_user_ids:
            errors.append(
                ValidationError(
                    _("Số điện thoại %(phone)s đã thuộc về một tài khoản khác."),
                    code="phone_taken",
                    params={"phone": member.phone},
                )
            )
            continue
        to_link.append((member, user))
    if errors:
        raise ValidationError(errors)

    User.objects.bulk_create(to_create)
    for member, user in to_link:
        member.user = user
    Member.objects.bulk_update([m for m, _u in to_link], ["user"])


def _account_new(member, *, email_taken):
    last_name, first_name = _split_name(member.full_name)
    user = User(
        username=member.phone,
        phone=member.phone,
        email=member.email if member.email and not email_taken else "",
        last_name=last_name,
        first_name=first_name,
        role=Role.MEMBER,
    )
    user.set_unusable_password()
    return user


def _codes_issue(*, members, by):
    """A fresh code per person, replacing their unused ones; only the hash is stored."""
    ActivationCode.objects.filter(user__in=[m.user for m in members], used_at__isnull=True).delete()
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
    _log_labels_scrub(model=Member, pk=member.pk, label=member.full_name)

    if member.user is not None:
        identifiers |= _account_disable(user=member.user, label=member.full_name)

    if identifiers:
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__in=identifiers).delete()

    certificates_anonymise_holder(member=member)
    members_changed_send(sender=__name__, member_ids=[member.pk])  # no birth date any more
    AnonymisationRecord.objects.create(member=member, member_pk=member.pk, performed_by=by, via=via)
    return member


def _log_labels_scrub(*, model, pk, label):
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
    ).update(label=label)


def _account_disable(*, user, label):
    """Disable the erased person's account for good; returns the identifiers it carried."""
    identifiers = {v for v in (user.username, user.phone, user.email) if v}
    user.username = f"anonymised-{user.pk}"
    user.phone = ""
    user.email = ""
    user.first_name = ""
    user.last_name = label
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    user.activation_codes.all().delete()
    _log_labels_scrub(model=User, pk=user.pk, label=label)
    return identifiers
