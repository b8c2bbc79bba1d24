"""Write flows of the support log. Views, imports, admin screens and the demo call these.

Every rule on a record lives here or in the database (``models``): the date neither in the
future nor before the team was founded, counts between 0 and the number of people helped, a
group no larger than ``MAX_GROUP``, the hamlet inside the team's ward, the helpers members of the
team, and no write into a month the province has approved. A correction is an edit recorded in
Wagtail's audit log; records are never deleted.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.signals import support_records_changed_send
from teams.choices import TeamStatus
from teams.models import Member, Membership

from .choices import OUTCOMES, SKILLS
from .models import SupportRecord
from .selectors import may_correct, may_record_for, month_is_locked, month_start

RECORD_FIELDS = (
    "date",
    "place",
    "people",
    "hamlet",
    "is_tally",
    "citizen_gender",
    "citizen_birth_year",
    "note",
    *[name for name, _label in SKILLS],
    *[name for name, _label in OUTCOMES],
)


def _log(instance, action, user, **kwargs):
    from wagtail.log_actions import log

    log(instance=instance, action=action, user=user, **kwargs)


def _locked_message(record):
    return _(
        "Tháng %(month)s của %(ward)s đã được cấp tỉnh duyệt nên không thể ghi thêm hay sửa. "
        "Đề nghị cấp tỉnh mở lại tháng này nếu cần sửa."
    ) % {"month": f"{record.month:%m/%Y}", "ward": record.ward.name}


def _check(record, helpers):
    errors = {}
    today = timezone.localdate()
    if record.date is not None:
        if record.date > today:
            errors["date"] = _("Ngày hỗ trợ không thể ở tương lai.")
        elif record.team.founded_on and record.date < record.team.founded_on:
            errors["date"] = _("Ngày hỗ trợ trước ngày thành lập tổ (%(day)s).") % {
                "day": f"{record.team.founded_on:%d/%m/%Y}"
            }
    if record.hamlet_id and record.hamlet.ward_id != record.ward_id:
        errors["hamlet"] = _("Thôn, tổ dân phố phải thuộc xã, phường của tổ.")
    if record.citizen_birth_year is not None and not (
        today.year - 110 <= record.citizen_birth_year <= today.year
    ):
        errors["citizen_birth_year"] = _("Năm sinh không hợp lệ.")
    # One query for all helpers, not one per helper.
    in_team = set(
        Membership.objects.filter(team=record.team, member__in=helpers).values_list(
            "member_id", flat=True
        )
    )
    if any(m.pk not in in_team for m in helpers):
        errors["helpers"] = _("Người hỗ trợ phải là thành viên của tổ.")
    if errors:
        raise ValidationError(errors)
    record.full_clean(exclude=["idempotency_key"])
    if month_is_locked(ward_id=record.ward_id, month=record.month):
        raise ValidationError(_locked_message(record))


def support_record_create(
    *,
    team,
    by,
    date: datetime.date,
    place: str,
    people: int = 1,
    helpers=(),
    idempotency_key=None,
    check_permission: bool = True,
    **fields,
) -> SupportRecord:
    """Record one help (or a group's, or a day's tally with ``is_tally``).

    With an ``idempotency_key`` (one per entry form), a resend of the same form returns the
    record the first send saved instead of saving it twice. ``fields`` are the other
    ``RECORD_FIELDS`` (skills and outcomes by field name)."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"support_record_create() got unexpected fields: {sorted(unknown)}")
    if idempotency_key is not None:
        existing = SupportRecord.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if check_permission and not may_record_for(by, team):
        raise PermissionDenied
    if team.status != TeamStatus.ACTIVE:
        raise ValidationError(_("Tổ này không còn hoạt động."))
    helpers = list(helpers)
    record = SupportRecord(
        team=team,
        ward_id=team.ward_id,
        hamlet=fields.pop("hamlet", None) or team.hamlet,
        date=date,
        month=month_start(date) if date else None,
        place=place,
        people=people,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
        idempotency_key=idempotency_key,
        **fields,
    )
    _check(record, helpers)
    try:
        with transaction.atomic():
            record.save()
            record.helpers.set(helpers)
            _log(record, "wagtail.create", by if record.recorded_by else None)
            support_records_changed_send(
                sender=SupportRecord,
                ward_months=[(record.ward_id, record.month)],
                team_ids=[record.team_id],
            )
    except IntegrityError:
        # The same form sent twice at once: the other request saved it.
        if idempotency_key is not None:
            existing = SupportRecord.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise
    return record


@transaction.atomic
def support_record_update(*, record: SupportRecord, by, helpers=None, **changes) -> SupportRecord:
    """Correct a record; the change is kept in the audit log. A record in an approved month
    cannot be changed, nor moved into one."""
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"support_record_update() got unexpected fields: {sorted(unknown)}")
    if not may_correct(by, record):
        raise PermissionDenied
    record = SupportRecord.objects.select_for_update().get(pk=record.pk)
    if month_is_locked(ward_id=record.ward_id, month=record.month):
        raise ValidationError(_locked_message(record))
    before = (record.ward_id, record.month)
    for field, value in changes.items():
        setattr(record, field, value)
    record.month = month_start(record.date) if record.date else None
    helpers = list(record.helpers.all()) if helpers is None else list(helpers)
    _check(record, helpers)
    record.save()
    record.helpers.set(helpers)
    _log(record, "wagtail.edit", by, content_changed=True)
    support_records_changed_send(
        sender=SupportRecord,
        ward_months=[before, (record.ward_id, record.month)],
        team_ids=[record.team_id],
    )
    return record


def helpers_for(team):
    """The members who may be named as helpers on a team's record: its current members."""
    return Member.objects.filter(memberships__team=team, memberships__left_on__isnull=True)
