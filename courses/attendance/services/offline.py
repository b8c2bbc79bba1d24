"""Roll call marks made on a trainer's phone without a network (issue 19, item 3).

The roll call page keeps each tap on the phone with the time it was made and a random key, and
sends the marks one by one, in order, when the network returns. Here each mark is applied once
per key (``OfflineMark.key`` is unique and saved in the mark's transaction), through
``attendance_roll_call`` like any roll call, with these rules:

- the mark is judged at the time it was made (corrected for the phone's clock): the row is
  updated as of that moment, and a closed session needs the trainer's reason only if it was
  already closed then;
- a change of status made on the server after the mark was made (a staff correction, a self
  check-in, a paper sheet) wins: the mark is not applied, and the audit trail records it
  beside the change that won;
- every mark synced this way is audited with the method "Điểm danh tại lớp (ngoại tuyến)" and
  the reason "đồng bộ lúc …".
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lms.core.text import normalize_text

from ..choices import AttendanceStatus, CheckInMethod
from ..models import AttendanceChange, OfflineMark, TrainingSession
from .marking import attendance_roll_call


def _local(moment):
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def mark_time(made_at, sent_at, now):
    """When the mark was made, by the server's clock: the phone's own times (made, sent) give
    how long the mark waited, whatever the phone's clock says; never in the future."""
    made = parse_datetime(made_at) if isinstance(made_at, str) else None
    sent = parse_datetime(sent_at) if isinstance(sent_at, str) else None
    if made is None or timezone.is_naive(made):
        return now
    if sent is not None and timezone.is_aware(sent) and sent >= made:
        made = now - (sent - made)
    return min(made, now)


def _synced_reason(now, reason):
    text = _("Ngoại tuyến, đồng bộ lúc %(time)s") % {"time": _local(now)}
    reason = normalize_text(reason or "")
    return f"{text}. {reason}"[:255] if reason else text


def _superseded(*, attendance, status, made, changed, now, by):
    """Keep the older offline mark in the audit trail next to the later change that won."""
    message = _(
        "Không áp dụng “%(status)s” (đánh dấu lúc %(made)s) vì điểm danh đã được sửa trên máy "
        "chủ lúc %(changed)s; đồng bộ lúc %(now)s."
    ) % {
        "status": AttendanceStatus(status).label if status else AttendanceStatus.NOT_MARKED.label,
        "made": _local(made),
        "changed": _local(changed),
        "now": _local(now),
    }
    AttendanceChange.objects.create(
        attendance=attendance,
        changed_by=by,
        changed_at=now,
        old_status=attendance.status,
        new_status=attendance.status,
        method=CheckInMethod.ROLL_CALL_OFFLINE,
        reason=message[:255],
        after_close=False,
    )
    return message


def _last_change(attendance):
    """When the row's status last changed on the server: its latest audited status change
    (roll call, sheet, correction, an applied offline mark dated when it was made) or the
    member's own check-in. Building the roster is not a change of status."""
    audited = (
        attendance.changes.exclude(old_status=F("new_status"))
        .order_by("-changed_at")
        .values_list("changed_at", flat=True)
        .first()
    )
    self_check_in = (
        attendance.checked_in_at
        if attendance.method in (CheckInMethod.QR, CheckInMethod.CODE)
        else None
    )
    return max((t for t in (audited, self_check_in) if t is not None), default=None)


def _decide(*, session, attendance, status, note, reason, made, now, by):
    """Apply or set aside one mark; returns (outcome, message)."""
    last = _last_change(attendance)
    if last is not None and last > made:
        return OfflineMark.Outcome.SUPERSEDED, _superseded(
            attendance=attendance, status=status, made=made, changed=last, now=now, by=by
        )
    if session.is_closed(made) and not normalize_text(reason or ""):
        return OfflineMark.Outcome.REFUSED, _(
            "Buổi tập huấn đã đóng: mọi thay đổi điểm danh phải ghi lý do."
        )
    changed = attendance_roll_call(
        session=session,
        marks={attendance.pk: (status, attendance.note if note is None else note)},
        by=by,
        reason=_synced_reason(now, reason),
        method=CheckInMethod.ROLL_CALL_OFFLINE,
        now=made,
    )
    if not changed:
        return OfflineMark.Outcome.UNCHANGED, _("Không thay đổi.")
    return OfflineMark.Outcome.APPLIED, _("Đã lưu.")


def attendance_offline_mark(
    *,
    session: TrainingSession,
    attendance_id,
    status: str,
    key: str,
    by,
    note=None,
    reason: str = "",
    made_at=None,
    sent_at=None,
    now=None,
) -> OfflineMark:
    """Apply one mark from the phone's outbox, once per ``key`` (see the module docstring)."""
    now = now or timezone.now()
    key = str(key or "")[:64]
    if len(key) < 8:
        raise ValidationError(_("Thiếu mã gửi."))
    existing = OfflineMark.objects.filter(key=key).select_related("attendance").first()
    if existing is not None:
        if existing.attendance.session_id != session.pk:
            raise PermissionDenied
        return existing
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Trạng thái điểm danh không hợp lệ: %(s)s") % {"s": status})
    note = None if note is None else normalize_text(str(note))[:255]
    made = mark_time(made_at, sent_at, now)
    try:
        with transaction.atomic():
            attendance = (
                session.attendances.select_for_update()
                .select_related("member")
                .filter(pk=attendance_id)
                .first()
            )
            if attendance is None:
                raise ValidationError(_("Có người không thuộc danh sách của buổi tập huấn này."))
            outcome, message = _decide(
                session=session,
                attendance=attendance,
                status=status,
                note=note,
                reason=reason,
                made=made,
                now=now,
                by=by,
            )
            mark = OfflineMark(
                key=key,
                attendance=attendance,
                status=status,
                note=note or "",
                made_at=made,
                synced_at=now,
                marked_by=by,
                outcome=outcome,
                message=message[:255],
            )
            mark.full_clean(validate_unique=False)
            mark.save()
    except IntegrityError:
        return OfflineMark.objects.get(key=key)
    return mark
