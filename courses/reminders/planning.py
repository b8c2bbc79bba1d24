"""Which reminders are due now: the planner behind ``services.reminders_plan``.

Reminders are made just in time (when their moment has come), not weeks ahead, so a session
moved or a person removed before then simply gets no stale message. Each has a ``dedupe_key``
naming the person, the event (with its time), the kind and the channel; the table's unique
index on it is what makes planning twice, or on two machines at once, harmless.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from lms.accounts.choices import Role
from teams.models import Ward
from teams.support.completeness import deadline as support_deadline
from teams.support.completeness import grid

from . import selectors, texts
from .channels import channel_for, enabled_channels
from .choices import Channel, Kind
from .models import OutboundMessage
from .timing import local_at, out_of_quiet_hours

DAY_BEFORE = datetime.timedelta(hours=24)
HOUR_BEFORE = datetime.timedelta(hours=1)
# A session planned at short notice gets no "tomorrow" reminder, only the one-hour one.
DAY_REMINDER_MIN_LEAD = datetime.timedelta(hours=2)
TRAINER_EVENING_HOUR = 19
DEADLINE_HOUR = 8
# Officers hear of the deadline from this many days before it, and again on the day.
DEADLINE_NOTICE_DAYS = 3


def addresses(*, email, phone, preference) -> dict[str, str]:
    """``{channel: address}`` for the enabled channels this person can be reached on and has
    not turned off."""
    found = {
        Channel.EMAIL: email or "",
        Channel.SMS: phone or "",
        Channel.ZALO: preference.zalo_user_id if preference else "",
    }
    result = {}
    for channel in enabled_channels():
        if channel_for(channel).address_kind == "phone":
            found[channel] = phone or ""
        address = found.get(channel)
        if not address or (preference is not None and not preference.allows(channel)):
            continue
        result[channel] = address
    return result


def _message(*, channel, subject, body, **fields):
    return OutboundMessage(
        channel=channel,
        subject=subject[:200],
        body=texts.sms_text(body) if channel == Channel.SMS else body,
        **fields,
    )


def _session_rows(now):
    """``(kind, roster row)`` of the invited people whose reminder is due now: one hour
    before, and one day before unless the session is less than two hours away."""
    windows = (
        (Kind.SESSION_HOUR, now, now + HOUR_BEFORE),
        (Kind.SESSION_DAY, now + DAY_REMINDER_MIN_LEAD, now + DAY_BEFORE),
    )
    for kind, after, until in windows:
        for row in selectors.invitations_to_remind(after=after, until=until, kind=kind):
            yield kind, row


def _session_messages(now):
    rows = list(_session_rows(now))
    prefs = selectors.preferences_for(row.member.user_id for _kind, row in rows)
    for kind, row in rows:
        session, member = row.session, row.member
        send_at = out_of_quiet_hours(now)
        if send_at >= session.starts_at:
            continue
        subject, body = texts.session_reminder(session=session, hour=kind == Kind.SESSION_HOUR)
        found = addresses(
            email=member.email, phone=member.phone, preference=prefs.get(member.user_id)
        )
        stamp = int(session.starts_at.timestamp())
        for channel, address in found.items():
            yield _message(
                kind=kind,
                channel=channel,
                member=member,
                user_id=member.user_id,
                recipient_name=member.full_name,
                address=address,
                session=session,
                event_at=session.starts_at,
                province_id=member.ward.province_id,
                ward_id=member.ward_id,
                subject=subject,
                body=body,
                dedupe_key=f"{kind}:s{session.pk}@{stamp}:m{member.pk}:{channel}",
                next_attempt_at=send_at,
            )


def _trainer_messages(now):
    today = timezone.localdate(now)
    if now < local_at(today, TRAINER_EVENING_HOUR):
        return
    tomorrow = today + datetime.timedelta(days=1)
    start, end = local_at(tomorrow, 0), local_at(tomorrow + datetime.timedelta(days=1), 0)
    by_trainer = selectors.trainer_sessions_between(start=start, end=end)
    prefs = selectors.preferences_for(trainer.pk for trainer in by_trainer)
    send_at = out_of_quiet_hours(now)
    for trainer, sessions in by_trainer.items():
        subject, body = texts.trainer_evening(sessions=sessions, day=tomorrow)
        found = addresses(
            email=trainer.email, phone=trainer.phone, preference=prefs.get(trainer.pk)
        )
        first = sessions[0]
        for channel, address in found.items():
            yield _message(
                kind=Kind.TRAINER_EVENING,
                channel=channel,
                user=trainer,
                recipient_name=str(trainer),
                address=address,
                event_at=first.starts_at,
                province_id=first.organiser_province_id or trainer.province_id,
                ward_id=first.organiser_ward_id,
                subject=subject,
                body=body,
                dedupe_key=f"{Kind.TRAINER_EVENING}:u{trainer.pk}:{tomorrow:%Y-%m-%d}:{channel}",
                next_attempt_at=send_at,
            )


def _deadline_messages(now):
    today = timezone.localdate(now)
    month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    due = support_deadline(month)
    due_day = timezone.localdate(due)
    if today == due_day:
        stage = "due"
    elif due_day - datetime.timedelta(days=DEADLINE_NOTICE_DAYS) <= today < due_day:
        stage = "before"
    else:
        return
    if now < local_at(today, DEADLINE_HOUR):
        return
    officers = list(selectors.officers_for_deadlines())
    if not officers:
        return
    ward_ids = {o.ward_id for o in officers if o.role == Role.WARD_OFFICER}
    province_ids = {o.province_id for o in officers if o.role == Role.PROVINCE_OFFICER}
    wards = Ward.objects.filter(pk__in=ward_ids) | Ward.objects.filter(province_id__in=province_ids)
    cells = grid(wards, [month])
    missing = {
        ward_id for (ward_id, _m), c in cells.items() if c.teams_expected and not c.submitted
    }
    missing_by_province = {}
    for _ward_id, province_id in Ward.objects.filter(pk__in=missing).values_list(
        "pk", "province_id"
    ):
        missing_by_province[province_id] = missing_by_province.get(province_id, 0) + 1
    prefs = selectors.preferences_for(o.pk for o in officers)
    for officer in officers:
        if officer.role == Role.WARD_OFFICER:
            if officer.ward_id not in missing:
                continue
            subject, body = texts.support_deadline(
                month=month, deadline=due, ward_name=officer.ward.name
            )
            province_id, ward_id = officer.ward.province_id, officer.ward_id
        else:
            count = missing_by_province.get(officer.province_id, 0)
            if not count:
                continue
            subject, body = texts.support_deadline(
                month=month, deadline=due, province_name=officer.province.name, missing=count
            )
            province_id, ward_id = officer.province_id, None
        found = addresses(
            email=officer.email, phone=officer.phone, preference=prefs.get(officer.pk)
        )
        for channel, address in found.items():
            yield _message(
                kind=Kind.SUPPORT_DEADLINE,
                channel=channel,
                user=officer,
                recipient_name=str(officer),
                address=address,
                event_at=due,
                province_id=province_id,
                ward_id=ward_id,
                subject=subject,
                body=body,
                dedupe_key=(
                    f"{Kind.SUPPORT_DEADLINE}:u{officer.pk}:{month:%Y-%m}:{stage}:{channel}"
                ),
                next_attempt_at=out_of_quiet_hours(now),
            )


def plan(now) -> int:
    """Insert the reminders due at ``now`` that do not exist yet; return how many."""
    candidates = {}
    for source in (_session_messages, _trainer_messages, _deadline_messages):
        for message in source(now):
            candidates.setdefault(message.dedupe_key, message)
    if not candidates:
        return 0
    keys = list(candidates)
    existing = set()
    for start in range(0, len(keys), 500):
        existing.update(
            OutboundMessage.objects.filter(dedupe_key__in=keys[start : start + 500]).values_list(
                "dedupe_key", flat=True
            )
        )
    new = [m for key, m in candidates.items() if key not in existing]
    for message in new:
        # Field checks only: the foreign keys were just read, and the unique key is the
        # database's to enforce (ignore_conflicts below) when two planners race.
        message.clean_fields(exclude=["member", "user", "session", "province", "ward"])
    with transaction.atomic():
        OutboundMessage.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new)
