"""Adding people who are not on a session's roster: at the door (walk-in) and from the filled
paper sheet.

Both may add only people inside the session's invited area or the acting user's scope
(``selectors.members_addable_to``). A phone outside those is answered "không thuộc phạm vi"
without a name, and the answer does not say whether the phone is registered elsewhere, so the
forms cannot turn a phone number into a name (issue 15, item 2).

The door may register a brand-new person (a phone nobody has), flagged for the ward's review,
because someone standing in the hall is checked by the trainer. The sheet may not: unknown
phones on a sheet are refused with a pointer to the member import, whose validation (CCCD,
duplicates, hamlet, scope) is the one way lists of new people enter the registry (issue 15,
item 7).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.signals import sessions_changed_send
from lms.core.text import normalize_text
from lms.core.validators import normalize_phone, validate_phone
from teams.models import Member

from .. import selectors
from ..choices import ATTENDED, CheckInMethod
from ..models import Attendance, TrainingSession
from ..sheets import SheetError, sheet_read
from .marking import attendance_roll_call


def _not_in_scope(phone):
    # One message whether the phone is unknown or belongs to someone outside: no oracle.
    return _(
        "Số điện thoại %(phone)s không thuộc phạm vi của buổi tập huấn hoặc chưa có trong "
        "danh sách thành viên. Nếu là người mới, hãy nhập họ và tên để thêm."
    ) % {"phone": phone}


def _member_for_walk_in(*, session, phone, full_name, by):
    on_roster = session.attendances.filter(member__phone=phone).select_related("member").first()
    if on_roster is not None:
        return on_roster.member
    member = selectors.members_addable_to(session, by).filter(phone=phone).first()
    if member is not None:
        return member
    full_name = normalize_text(full_name or "")
    if not full_name:
        raise ValidationError({"phone": ValidationError(_not_in_scope(phone), code="not_in_scope")})
    if Member.objects.filter(phone=phone).exists():
        message = _(
            "Không thể thêm số điện thoại %(phone)s: không thuộc phạm vi của buổi tập huấn."
        ) % {"phone": phone}
        raise ValidationError({"phone": ValidationError(message, code="not_in_scope")})
    ward = session.organiser_ward_or_target
    if ward is None:
        raise ValidationError(
            _("Buổi tập huấn chưa gắn với xã, phường nào nên không thể thêm người mới.")
        )
    member = Member(full_name=full_name, phone=phone, ward=ward, needs_review=True)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def attendance_walk_in(
    *,
    session: TrainingSession,
    phone: str,
    full_name: str = "",
    by,
    reason: str = "",
    now=None,
) -> Attendance:
    """Add a person who turned up, by phone number, and mark them present (or late).

    Only people inside the session's area or ``by``'s scope are found. A phone nobody has
    creates a ``Member`` in the session's ward flagged ``needs_review`` so that the ward officer
    confirms the person later; the full name is then required.
    """
    now = now or timezone.now()
    phone = normalize_phone(phone)
    try:
        validate_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    member = _member_for_walk_in(session=session, phone=phone, full_name=full_name, by=by)
    attendance = Attendance.objects.filter(session=session, member=member).first()
    if attendance is None:
        attendance = Attendance(session=session, member=member, invited=False)
        attendance.full_clean()
        attendance.save()
        sessions_changed_send(sender=__name__, session_ids=[session.pk])
    if attendance.status in ATTENDED:
        return attendance
    status = session.status_for_check_in(now) if now >= session.opens_at else None
    if status is None:
        return attendance  # added ahead of time: on the roster, marked on the day
    attendance_roll_call(
        session=session,
        marks={attendance.pk: (status, attendance.note)},
        by=by,
        reason=reason,
        method=CheckInMethod.WALK_IN,
        now=now,
    )
    attendance.refresh_from_db()
    return attendance


@dataclass
class SheetImport:
    """The outcome of a sheet upload: the rows that changed and the reader's warnings."""

    changed: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


@transaction.atomic
def attendance_sheet_import(
    *, session: TrainingSession, upload, by, reason: str = "", now=None
) -> SheetImport:
    """Apply a filled roster (CSV/XLSX). All or nothing: any bad row raises ``SheetError``
    listing every problem with its row number, and nothing is saved.

    Lines are matched to the roster by their row key ("Mã dòng"), else by phone. A line for
    someone not on the roster adds them when their phone belongs to a member the user may add
    (a walk-in written on the paper sheet); any other phone is refused, pointing to the member
    import for new people.
    """
    roster = list(session.attendances.select_related("member"))
    result = sheet_read(
        upload,
        roster_by_id={a.pk: a for a in roster},
        roster_by_phone={a.member.phone: a for a in roster if a.member.phone},
    )
    addable = {
        m.phone: m
        for m in selectors.members_addable_to(session, by).filter(
            phone__in=[r.phone for r in result.new_rows]
        )
    }
    errors = list(result.errors)
    for row in result.new_rows:
        if row.phone not in addable:
            errors.append(
                _(
                    "Dòng %(n)s: số điện thoại %(phone)s không thuộc phạm vi của buổi tập huấn "
                    "hoặc chưa có trong danh sách thành viên. Người mới cần được thêm bằng "
                    "“Nhập danh sách thành viên” trước, rồi tải phiếu lên lại."
                )
                % {"n": row.number, "phone": row.phone}
            )
    if errors:
        error = SheetError(sorted(errors, key=_row_number))
        error.warnings = result.warnings
        raise error
    created = Attendance.objects.bulk_create(
        [
            Attendance(session=session, member=addable[row.phone], invited=False)
            for row in result.new_rows
        ]
    )
    sessions_changed_send(sender=__name__, session_ids=[session.pk])
    marks = dict(result.marks)
    for row, attendance in zip(result.new_rows, created, strict=True):
        marks[attendance.pk] = (row.status, row.note)
    changed = attendance_roll_call(
        session=session,
        marks=marks,
        by=by,
        reason=reason,
        method=CheckInMethod.SHEET,
        now=now,
    )
    return SheetImport(changed=changed, warnings=result.warnings)


def _row_number(message):
    digits = "".join(ch if ch.isdigit() else " " for ch in str(message)).split()
    return int(digits[0]) if digits else 0
