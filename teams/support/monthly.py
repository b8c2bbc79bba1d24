"""Write flows of the monthly ward reports (issue 17.5): submit, approve, reopen, return.

A ward officer (or an officer above them whose scope covers the ward) submits a ward's month
from the month's last day on; the submission keeps a snapshot of the teams expected, the teams
with records and the number of records. The province officer of the ward's province (or an
administrator) approves it, which locks the month: ``support_record_create`` /
``support_record_update`` refuse writes into it (``selectors.month_is_locked``). The province
may reopen an approved month, or return a submitted one, only with a reason. Every step is
written to Wagtail's audit log (actions ``support.month_*``, labels in
``wagtail_hooks_monthly``).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.choices import Role
from lms.accounts.scoping import scope_for
from teams.models import Ward

from .choices import MonthStatus
from .completeness import grid, month_end
from .models import WardMonth
from .selectors import month_start

REASON_MAX = 255


def _log(instance, action, user, **data):
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user, data=data)


def _is_admin(user):
    return user.is_superuser or user.role == Role.ADMIN


def may_submit(user, ward) -> bool:
    """The ward's officer, and the province officers and administrators above them."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if user.role not in (Role.WARD_OFFICER, Role.PROVINCE_OFFICER) and not _is_admin(user):
        return False
    return scope_for(user).covers(ward)


def may_approve(user, ward) -> bool:
    """The province officers of the ward's province, and administrators."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    if _is_admin(user):
        return True
    return user.role == Role.PROVINCE_OFFICER and scope_for(user).covers(ward)


def month_figures(*, ward, month: datetime.date) -> dict:
    """What a submission keeps: teams expected, teams with records, records."""
    cell = grid(Ward.objects.filter(pk=ward.pk), [month]).get((ward.pk, month))
    if cell is None:
        return {"teams_expected": 0, "teams_reporting": 0, "records": 0}
    return {
        "teams_expected": cell.teams_expected,
        "teams_reporting": cell.teams_reporting,
        "records": cell.records,
    }


def _locked_row(ward, month):
    row, _created = WardMonth.objects.get_or_create(ward=ward, month=month)
    return WardMonth.objects.select_for_update().get(pk=row.pk)


def _reason(reason):
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Lý do dài tối đa %(max)s ký tự.") % {"max": REASON_MAX}}
        )
    return reason


@transaction.atomic
def ward_month_submit(*, ward, month: datetime.date, by) -> WardMonth:
    """Submit ``ward``'s ``month`` (any day of it) with a snapshot of its figures."""
    if not may_submit(by, ward):
        raise PermissionDenied
    month = month_start(month)
    last_day = month_end(month)
    if timezone.localdate() < last_day:
        raise ValidationError(
            _("Tháng %(month)s chưa kết thúc: gửi được từ ngày %(day)s.")
            % {"month": f"{month:%m/%Y}", "day": f"{last_day:%d/%m/%Y}"}
        )
    ward_month = _locked_row(ward, month)
    if ward_month.status == MonthStatus.SUBMITTED:
        raise ValidationError(_("Báo cáo tháng này đã được gửi, đang chờ cấp tỉnh duyệt."))
    if ward_month.status == MonthStatus.APPROVED:
        raise ValidationError(_("Báo cáo tháng này đã được duyệt."))
    figures = month_figures(ward=ward, month=month)
    for name, value in figures.items():
        setattr(ward_month, name, value)
    ward_month.status = MonthStatus.SUBMITTED
    ward_month.submitted_at = timezone.now()
    ward_month.submitted_by = by
    ward_month.full_clean()
    ward_month.save()
    _log(ward_month, "support.month_submit", by, **figures)
    return ward_month


@transaction.atomic
def ward_month_approve(*, ward_month: WardMonth, by) -> WardMonth:
    """Approve a submitted month; from now on its records are locked."""
    if not may_approve(by, ward_month.ward):
        raise PermissionDenied
    ward_month = WardMonth.objects.select_for_update().get(pk=ward_month.pk)
    if ward_month.status != MonthStatus.SUBMITTED:
        raise ValidationError(_("Chỉ duyệt được báo cáo đã gửi và đang chờ duyệt."))
    ward_month.status = MonthStatus.APPROVED
    ward_month.approved_at = timezone.now()
    ward_month.approved_by = by
    ward_month.save()
    _log(ward_month, "support.month_approve", by)
    return ward_month


def ward_month_reopen(*, ward_month: WardMonth, by, reason: str) -> WardMonth:
    """Reopen an approved month so that its records can be corrected; the reason is kept on the
    month and in the audit log."""
    refused = _("Chỉ mở lại được báo cáo đã duyệt.")
    return _back_to_open(ward_month, by, reason, MonthStatus.APPROVED, refused, "reopen")


def ward_month_return(*, ward_month: WardMonth, by, reason: str) -> WardMonth:
    """Send a submitted (not yet approved) month back to the ward, with a reason."""
    refused = _("Chỉ trả lại được báo cáo đã gửi và đang chờ duyệt.")
    return _back_to_open(ward_month, by, reason, MonthStatus.SUBMITTED, refused, "return")


@transaction.atomic
def _back_to_open(ward_month, by, reason, from_status, refused, action):
    if not may_approve(by, ward_month.ward):
        raise PermissionDenied
    reason = _reason(reason)
    ward_month = WardMonth.objects.select_for_update().get(pk=ward_month.pk)
    if ward_month.status != from_status:
        raise ValidationError(refused)
    ward_month.status = MonthStatus.OPEN
    ward_month.approved_at = None
    ward_month.approved_by = None
    ward_month.reopen_reason = reason
    ward_month.save()
    _log(ward_month, f"support.month_{action}", by, reason=reason)
    return ward_month
