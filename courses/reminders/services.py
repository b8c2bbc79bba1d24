"""Writes: planning and sending reminders, a person's channel choices, their calendar token.

Sending is at most once per row. A row is claimed by one conditional UPDATE (due status and
time -> "sending", attempts + 1) before the gateway is called; a second worker's UPDATE finds
nothing to claim. A worker that dies between the call and recording the answer leaves the row
"sending"; the next run marks it "Không rõ đã gửi" (``reminders_flag_interrupted``) and it is
never sent again automatically, because the message may have gone out. Gateways also get the
row's dedupe key as an idempotency key.
"""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import planning, selectors
from .channels import ChannelError, PermanentChannelError, channel_for
from .channels.base import Outgoing
from .choices import DUE_STATUSES, Kind, Status
from .models import CalendarFeedToken, OutboundMessage, ReminderPreference
from .timing import MAX_ATTEMPTS, SENDING_TIMEOUT, is_quiet, retry_at

logger = logging.getLogger("lms.reminders")

SEND_BATCH = 500


def reminders_plan(*, now=None) -> int:
    """Create the reminders due at ``now`` (1 day and 1 hour before a session for the invited,
    the trainers' list at 19:00 the evening before, the officers' report deadline); return how
    many were new. Running it again creates none more."""
    return planning.plan(now or timezone.now())


def _stale_reason(message) -> str:
    """Why a queued reminder should no longer go out ("" when it should)."""
    if message.kind in (Kind.SESSION_DAY, Kind.SESSION_HOUR):
        session = message.session
        if session is None or session.closed_at is not None:
            return "buổi tập huấn đã đóng hoặc bị xóa"
        if session.starts_at != message.event_at:
            return "buổi tập huấn đã đổi giờ"
        if not selectors.is_invited(session_id=session.pk, member_id=message.member_id):
            return "người nhận không còn trong danh sách mời"
    if message.user_id:
        preference = selectors.preference_of(message.user)
        if preference is not None and not preference.allows(message.channel):
            return "người nhận đã tắt kênh này"
    return ""


def reminder_send(*, message_id: int, now=None) -> OutboundMessage | None:
    """Send one due reminder. Returns the row, or None when it was not due or another worker
    claimed it first."""
    now = now or timezone.now()
    if is_quiet(now):
        return None
    claimed = OutboundMessage.objects.filter(
        pk=message_id, status__in=DUE_STATUSES, next_attempt_at__lte=now
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    message = OutboundMessage.objects.select_related("session", "user").get(pk=message_id)
    reason = _stale_reason(message)
    if reason:
        message.status, message.last_error = Status.CANCELLED, reason
        message.save(update_fields=["status", "last_error"])
        return message
    outgoing = Outgoing(
        address=message.address, subject=message.subject, body=message.body, key=message.dedupe_key
    )
    try:
        provider_id = channel_for(message.channel).send(outgoing)
    except PermanentChannelError as error:
        message.status, message.last_error = Status.FAILED, str(error)[:500]
    except Exception as error:
        # Any error, a backend bug included: a row must never stay "sending" after an answer.
        if not isinstance(error, ChannelError):
            logger.exception("reminder %s: unexpected error from %s", message.pk, message.channel)
        message.last_error = f"{type(error).__name__}: {error}"[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = Status.FAILED
        else:
            message.status = Status.RETRYING
            message.next_attempt_at = retry_at(now=now, attempts=message.attempts)
    else:
        message.status, message.sent_at = Status.SENT, now
        message.provider_message_id = (provider_id or "")[:200]
        message.last_error = ""
    message.save(
        update_fields=["status", "last_error", "next_attempt_at", "sent_at", "provider_message_id"]
    )
    return message


def reminders_send_due(*, now=None, limit=SEND_BATCH) -> dict[str, int]:
    """Send every reminder whose time has come (none in quiet hours); counts by outcome."""
    now = now or timezone.now()
    counts = {Status.SENT: 0, Status.RETRYING: 0, Status.FAILED: 0, Status.CANCELLED: 0}
    if is_quiet(now):
        return {str(k): v for k, v in counts.items()}
    for pk in selectors.due_message_ids(now=now, limit=limit):
        message = reminder_send(message_id=pk, now=now)
        if message is not None:
            counts[message.status] = counts.get(message.status, 0) + 1
    return {str(k): v for k, v in counts.items()}


def reminders_flag_interrupted(*, now=None) -> int:
    """Mark "Không rõ đã gửi" the rows a worker claimed and never answered for (stopped or
    killed mid-send, ``SENDING_TIMEOUT`` ago): shown apart in the outbox, with the reason, and
    never sent again automatically. Returns how many."""
    now = now or timezone.now()
    return OutboundMessage.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - SENDING_TIMEOUT
    ).update(
        status=Status.UNKNOWN,
        last_error="Bộ gửi dừng giữa chừng trước khi ghi được trả lời của cổng gửi: tin có thể "
        "đã đến hoặc chưa. Không tự gửi lại; hãy hỏi người nhận nếu cần.",
    )


def reminders_run(*, now=None) -> dict[str, int]:
    """What the timer's task does: flag interrupted sends, plan, then send what is due."""
    now = now or timezone.now()
    interrupted = reminders_flag_interrupted(now=now)
    planned = reminders_plan(now=now)
    return {"planned": planned, **reminders_send_due(now=now), "interrupted": interrupted}


# --- a person's choices ----------------------------------------------------------------------


def reminder_preference_set(
    *, user, email_enabled: bool, sms_enabled: bool, zalo_enabled: bool
) -> ReminderPreference:
    """Turn channels on or off for ``user``. Queued reminders on a channel turned off are not
    sent (checked again at sending)."""
    with transaction.atomic():
        preference, _created = ReminderPreference.objects.select_for_update().get_or_create(
            user=user
        )
        preference.email_enabled = email_enabled
        preference.sms_enabled = sms_enabled
        preference.zalo_enabled = zalo_enabled
        preference.full_clean()
        preference.save()
    return preference


# --- calendar feed tokens --------------------------------------------------------------------


def calendar_token_revoke(*, user, now=None) -> int:
    """Revoke the user's active feed address; it answers 404 from now on."""
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


def calendar_token_regenerate(*, user, now=None) -> CalendarFeedToken:
    """A new private feed address for ``user``; the old one stops working."""
    with transaction.atomic():
        calendar_token_revoke(user=user, now=now)
        token = CalendarFeedToken(user=user)
        token.full_clean()
        token.save()
    return token


def calendar_token_touch(*, token: CalendarFeedToken, now=None) -> None:
    """Record that a calendar app fetched the feed (at most once an hour, to spare writes)."""
    now = now or timezone.now()
    if token.last_used_at and (now - token.last_used_at).total_seconds() < 3600:
        return
    CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
