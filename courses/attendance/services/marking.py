"""Write flows for attendance.

Every way of marking attendance (QR scan, 6-digit code, roll call, paper sheet, walk-in) ends in
this module, so the rules live in one place: one row per person and session (DB constraint),
self check-in only while the session is open, late after ``late_after_minutes``, a reason for
every change once the session is closed, and course completion re-evaluated when someone becomes
attended.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import CoursePage
from courses.services import course_completion_evaluate
from lms.core.signals import members_changed_send, sessions_changed_send
from lms.core.text import normalize_text
from teams.models import Member

from ..choices import ATTENDED, AttendanceStatus, CheckInMethod
from ..models import Attendance, AttendanceChange, TrainingSession


def _course_completion_evaluate(*, members, course_id):
    """Hand over to the courses app; attendance is one of its completion rules."""
    if not course_id or not members:
        return
    course = CoursePage.objects.filter(pk=course_id).first()
    if course is None:
        return
    for member in members:
        course_completion_evaluate(member=member, course=course)


# --- self check-in --------------------------------------------------------------------------


def session_check_open(*, session: TrainingSession, now=None) -> None:
    """Raise a ValidationError with a message for the member unless check-in is open."""
    now = now or timezone.now()
    if session.is_open(now):
        return
    if now < session.opens_at:
        raise ValidationError(
            _("Buổi tập huấn chưa mở điểm danh. Điểm danh mở lúc %(time)s.")
            % {"time": formats.date_format(timezone.localtime(session.opens_at), "d/m/Y H:i")},
            code="not_open_yet",
        )
    raise ValidationError(
        _("Buổi tập huấn đã kết thúc, không thể tự điểm danh nữa. Hãy báo giảng viên."),
        code="closed",
    )


def attendance_check_in(
    *, session: TrainingSession, member: Member, method: str = CheckInMethod.QR, now=None
) -> Attendance:
    """Record that ``member`` is here. Idempotent and safe under concurrency.

    The row is claimed with a conditional UPDATE (only rows not yet attended change, so two
    simultaneous scans cannot both win) and, for someone not on the roster, an INSERT guarded by
    the (session, member) unique constraint: the loser of a race gets an IntegrityError inside a
    savepoint and reads the winner's row. ``attendance.newly_attended`` says whether this call
    changed anything. The hot path skips ``full_clean`` (it would cost a query per foreign key);
    every value is computed here and the constraints sit in the database.
    """
    now = now or timezone.now()
    session_check_open(session=session, now=now)
    status = session.status_for_check_in(now)
    values = {
        "status": status,
        "checked_in_at": now,
        "method": method,
        "marked_by_id": member.user_id,
        "updated_at": now,
    }
    rows = Attendance.objects.filter(session=session, member=member)
    with transaction.atomic():
        newly = bool(rows.exclude(status__in=ATTENDED).update(**values))
        on_roster = newly  # a roster row changed status; nobody was added
        if not newly:
            try:
                with transaction.atomic():
                    Attendance.objects.create(
                        session=session, member=member, invited=False, **values
                    )
                newly = True
            except IntegrityError:
                newly = False  # already attended, or a simultaneous scan won the race
        if newly:
            members_changed_send(sender=__name__, member_ids=[member.pk])
            sessions_changed_send(
                sender=__name__,
                session_ids=[session.pk],
                attended_member_id=member.pk if on_roster else None,
            )
    attendance = rows.get()
    attendance.newly_attended = newly
    if newly:
        _course_completion_evaluate(members=[member], course_id=session.course_id)
    return attendance


# --- staff marking ----------------------------------------------------------------------------


def _check_reason(session, reason, now):
    after_close = session.is_closed(now)
    if after_close and not normalize_text(reason or ""):
        raise ValidationError(
            {"reason": _("Buổi tập huấn đã đóng: mọi thay đổi điểm danh phải ghi lý do.")},
            code="reason_required",
        )
    return after_close


def _roll_call_rows(session, marks):
    """Check the statuses, then lock the session's rows named in ``marks`` (all must exist)."""
    valid = set(AttendanceStatus.values)
    for status, _note in marks.values():
        if status not in valid:
            raise ValidationError(_("Trạng thái điểm danh không hợp lệ: %(s)s") % {"s": status})
    rows = {
        a.pk: a
        for a in session.attendances.select_for_update()
        .filter(pk__in=list(marks))
        .select_related("member")
    }
    if len(rows) != len(set(marks)):
        raise ValidationError(_("Có người không thuộc danh sách của buổi tập huấn này."))
    return rows


def _roll_call_apply(*, session, rows, marks, by, reason, method, now):
    """Set the new marks on the rows in memory; return (changed, audit, newly attended members)."""
    changed, audit, newly_attended = [], [], []
    for pk, (status, note) in marks.items():
        attendance = rows[pk]
        note = normalize_text(note or "")
        if attendance.status == status and attendance.note == note:
            continue
        if attendance.status != status or session.is_closed(now):
            # A status change is always audited; after closing, a note change is too.
            audit.append(
                AttendanceChange(
                    attendance=attendance,
                    changed_by=by,
                    changed_at=now,
                    old_status=attendance.status,
                    new_status=status,
                    method=method,
                    reason=normalize_text(reason or ""),
                )
            )
        if attendance.status != status:
            if status in ATTENDED and attendance.status not in ATTENDED:
                newly_attended.append(attendance.member)
                attendance.checked_in_at = attendance.checked_in_at or now
            attendance.method = method
        attendance.status, attendance.note = status, note
        attendance.marked_by = by
        attendance.updated_at = now
        changed.append(attendance)
    return changed, audit, newly_attended


def _roll_call_save(*, changed, audit, after_close):
    """Write the changed rows and their audit trail in bulk, then refresh coverage."""
    for change in audit:
        change.after_close = after_close
    Attendance.objects.bulk_update(
        changed,
        ["status", "note", "checked_in_at", "method", "marked_by", "updated_at"],
        batch_size=500,
    )
    AttendanceChange.objects.bulk_create(audit, batch_size=500)
    members_changed_send(
        sender=__name__,
        member_ids={
            change.attendance.member_id
            for change in audit
            if (change.old_status in ATTENDED) != (change.new_status in ATTENDED)
        },
    )
    # Members before sessions, as in the check-in: the report rows lock in one order.
    sessions_changed_send(sender=__name__, session_ids={a.session_id for a in changed})


@transaction.atomic
def attendance_roll_call(
    *,
    session: TrainingSession,
    marks: Mapping[int, tuple[str, str]],
    by,
    reason: str = "",
    method: str = CheckInMethod.ROLL_CALL,
    now=None,
) -> list[Attendance]:
    """Apply ``{attendance id: (status, note)}`` from the roster page or an uploaded sheet.

    Only rows that really change are written (one bulk update) and each status change is kept in
    the audit trail. Once the session is closed a reason is required. Returns the changed rows.
    """
    now = now or timezone.now()
    rows = _roll_call_rows(session, marks)
    changed, audit, newly_attended = _roll_call_apply(
        session=session, rows=rows, marks=marks, by=by, reason=reason, method=method, now=now
    )
    if not changed:
        return []
    after_close = _check_reason(session, reason, now)
    _roll_call_save(changed=changed, audit=audit, after_close=after_close)
    _course_completion_evaluate(members=newly_attended, course_id=session.course_id)
    return changed


def attendance_mark_all_present(
    *, session: TrainingSession, by, reason: str = "", now=None
) -> list[Attendance]:
    """Everyone not yet marked becomes present; people already marked keep their status."""
    marks = {
        pk: (AttendanceStatus.PRESENT, note)
        for pk, note in session.attendances.filter(status=AttendanceStatus.NOT_MARKED).values_list(
            "pk", "note"
        )
    }
    return attendance_roll_call(session=session, marks=marks, by=by, reason=reason, now=now)


@transaction.atomic
def attendance_remove(*, attendance: Attendance, by) -> None:
    """Take someone off the roster; only people not marked yet (a marked row is history)."""
    if attendance.status != AttendanceStatus.NOT_MARKED:
        raise ValidationError(_("Người đã được điểm danh không thể xóa khỏi danh sách."))
    attendance.delete()
    sessions_changed_send(sender=__name__, session_ids=[attendance.session_id])
