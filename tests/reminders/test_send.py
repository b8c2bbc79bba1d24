"""Sending: to the fake gateway over real HTTP, retries with backoff, at most once."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from courses.reminders.choices import Kind, Status
from courses.reminders.models import OutboundMessage, ReminderPreference
from courses.reminders.services import (
    reminder_preference_set,
    reminder_send,
    reminders_plan,
    reminders_send_due,
)
from courses.reminders.tasks import reminders_send_task
from courses.reminders.timing import is_quiet
from tests.factories.accounts import member_with_account
from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory

from .conftest import NOW, local

pytestmark = pytest.mark.django_db
MIN = datetime.timedelta(minutes=1)


@pytest.fixture
def session():
    starts = NOW + datetime.timedelta(hours=23)
    return TrainingSessionFactory(
        title="Kỹ năng số cơ bản",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
    )


def sent_once(gateway, prefix):
    posts = gateway.posts(prefix)
    assert len(posts) == 1
    return posts[0]


def test_sms_reaches_the_gateway_once(channels, session):
    attendance = AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    assert reminders_send_due(now=NOW)["sent"] == 1

    post = sent_once(channels, "/sms/")
    assert post["headers"]["authorization"] == "Bearer sms-secret"
    message = OutboundMessage.objects.get()
    assert post["headers"]["idempotency-key"] == message.dedupe_key
    assert post["json"]["to"] == attendance.member.phone
    assert post["json"]["text"] == (
        "Nhac lich tap huan 09:00 01/12/2026: Ky nang so co ban, tai Hoi truong UBND xa."
    )
    assert len(post["json"]["text"]) <= 160 and post["json"]["text"].isascii()
    assert (message.status, message.attempts, message.sent_at) == (Status.SENT, 1, NOW)
    assert message.provider_message_id == "gw-1"

    # Later runs, and a direct second send of the same row, send nothing more.
    assert reminders_send_due(now=NOW + MIN)["sent"] == 0
    assert reminder_send(message_id=message.pk, now=NOW + MIN) is None
    assert len(channels.posts("/sms/")) == 1


def test_zalo_message_through_the_oa_api(channels, session):
    member = member_with_account(phone="")
    member.user.phone = ""
    member.user.save()
    AttendanceFactory(session=session, member=member)
    ReminderPreference.objects.create(user=member.user, zalo_user_id="84-zalo-user")
    reminders_plan(now=NOW)
    reminders_send_due(now=NOW)

    post = sent_once(channels, "/zalo/")
    assert post["path"] == "/zalo/v3.0/oa/message/cs"
    assert post["headers"]["access_token"] == "zalo-secret"
    assert post["json"]["recipient"] == {"user_id": "84-zalo-user"}
    assert post["json"]["message"]["text"].startswith("Nhắc lịch tập huấn 09:00 01/12/2026")
    message = OutboundMessage.objects.get(channel="zalo")
    assert (message.status, message.provider_message_id) == (Status.SENT, "zalo-1")


def test_zalo_zns_template_message_reaches_a_member_by_phone(settings, channels, session):
    """ZNS needs only the phone the member was imported with (no OA follower id)."""
    settings.LMS_REMINDER_CHANNELS = {
        "zalo": "courses.reminders.channels.zalo.ZaloZnsChannel",
    }
    settings.LMS_ZALO_ZNS_URL = f"{channels.url}/zalo/message/template"
    settings.LMS_ZALO_ZNS_TEMPLATE_ID = "246810"
    attendance = AttendanceFactory(session=session)
    phone = attendance.member.phone
    reminders_plan(now=NOW)
    assert reminders_send_due(now=NOW)["sent"] == 1

    post = sent_once(channels, "/zalo/message/template")
    assert post["headers"]["access_token"] == "zalo-secret"
    assert post["json"]["phone"] == "84" + phone.lstrip("+").removeprefix("84").lstrip("0")
    assert post["json"]["template_id"] == "246810"
    assert post["json"]["template_data"]["noi_dung"].startswith("Nhắc lịch tập huấn 09:00")
    message = OutboundMessage.objects.get(channel="zalo")
    assert post["json"]["tracking_id"] == message.dedupe_key[:48]
    assert (message.status, message.provider_message_id) == (Status.SENT, "zns-1")
    # Sent once: a later run sends nothing more.
    assert reminders_send_due(now=NOW + MIN)["sent"] == 0
    assert len(channels.posts("/zalo/")) == 1


def test_a_zalo_error_in_the_body_is_a_failure(channels, session):
    member = member_with_account(phone="")
    AttendanceFactory(session=session, member=member)
    ReminderPreference.objects.create(user=member.user, zalo_user_id="z1", sms_enabled=False)
    channels.zalo_errors = [-216]
    reminders_plan(now=NOW)
    reminders_send_due(now=NOW)
    message = OutboundMessage.objects.get(channel="zalo")
    assert message.status == Status.RETRYING
    assert "-216" in message.last_error


def test_gateway_500_is_retried_with_backoff_then_sent_exactly_once(channels, session):
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    channels.script = [500, 503]

    reminders_send_due(now=NOW)
    message = OutboundMessage.objects.get()
    assert (message.status, message.attempts) == (Status.RETRYING, 1)
    assert message.next_attempt_at == NOW + 5 * MIN
    assert "HTTP 500" in message.last_error

    reminders_send_due(now=NOW + 4 * MIN)  # not yet
    assert len(channels.posts("/sms/")) == 1

    reminders_send_due(now=NOW + 5 * MIN)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.RETRYING, 2)
    assert message.next_attempt_at == NOW + 15 * MIN  # 5 + 10

    reminders_send_due(now=NOW + 15 * MIN)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == (Status.SENT, 3, "")
    assert message.sent_at == NOW + 15 * MIN

    for minutes in (16, 60, 600):
        reminders_send_due(now=NOW + minutes * MIN)
    assert [r["json"]["reference"] for r in channels.posts("/sms/")] == [message.dedupe_key] * 3
    assert OutboundMessage.objects.get().status == Status.SENT


def test_a_retry_never_falls_in_quiet_hours(channels, session):
    AttendanceFactory(session=session)
    now = local(2026, 11, 30, 20, 58)
    reminders_plan(now=now)
    channels.script = [500]
    reminders_send_due(now=now)
    assert OutboundMessage.objects.get().next_attempt_at == local(2026, 12, 1, 7)


def test_nothing_is_sent_in_quiet_hours(channels, session):
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    assert reminders_send_due(now=local(2026, 11, 30, 21, 0))["sent"] == 0
    assert reminders_send_due(now=local(2026, 12, 1, 6, 59))["sent"] == 0
    assert channels.requests == []
    assert reminders_send_due(now=local(2026, 12, 1, 7, 0))["sent"] == 1


def test_a_refused_request_fails_at_once_and_five_failures_are_final(channels, session):
    AttendanceFactory(session=session)
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    first, second = OutboundMessage.objects.order_by("pk")
    channels.script = [400]
    reminder_send(message_id=first.pk, now=NOW)
    first.refresh_from_db()
    assert (first.status, first.attempts) == (Status.FAILED, 1)

    channels.script = [500] * 5
    at = NOW
    for _ in range(5):
        reminder_send(message_id=second.pk, now=at)
        second.refresh_from_db()
        at = second.next_attempt_at
    assert (second.status, second.attempts) == (Status.FAILED, 5)
    assert reminders_send_due(now=at + datetime.timedelta(days=1))["sent"] == 0
    assert len(channels.requests) == 6


def test_email_through_django_mail(channels, session):
    AttendanceFactory(session=session, member__email="lan@example.org")
    reminders_plan(now=NOW)
    reminders_send_due(now=NOW)
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["lan@example.org"]
    assert email.subject == "Nhắc lịch tập huấn: Kỹ năng số cơ bản"
    assert "Nhắc lịch tập huấn 09:00 01/12/2026" in email.body
    message = OutboundMessage.objects.get(channel="email")
    assert message.provider_message_id == email.extra_headers["Message-ID"]


def test_opting_out_after_planning_cancels_the_queued_message(channels, session):
    member = member_with_account()
    AttendanceFactory(session=session, member=member)
    reminders_plan(now=NOW)
    reminder_preference_set(
        user=member.user, email_enabled=True, sms_enabled=False, zalo_enabled=True
    )
    reminders_send_due(now=NOW)
    message = OutboundMessage.objects.get()
    assert message.status == Status.CANCELLED
    assert channels.requests == []


def test_a_moved_session_cancels_its_old_reminder(channels, session):
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    session.starts_at += datetime.timedelta(days=2)
    session.ends_at += datetime.timedelta(days=2)
    session.save()
    assert reminders_send_due(now=NOW)["cancelled"] == 1
    assert channels.requests == []


def test_a_claimed_row_is_not_sent_by_a_second_worker(channels, session):
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    message = OutboundMessage.objects.get()
    OutboundMessage.objects.filter(pk=message.pk).update(status=Status.SENDING)
    assert reminder_send(message_id=message.pk, now=NOW) is None
    assert reminders_send_due(now=NOW)["sent"] == 0
    assert channels.requests == []


def test_console_backend_by_default(settings, session, caplog):
    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    with caplog.at_level("WARNING", logger="lms.reminders"):
        reminders_send_due(now=NOW)
    message = OutboundMessage.objects.get()
    assert message.status == Status.SENT
    assert message.provider_message_id.startswith("console-")
    assert "Ky nang so co ban" in caplog.text


def test_the_command_queues_the_task(settings, session):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    call_command("send_reminders", verbosity=0)
    assert [r.task.name for r in default_task_backend.results] == ["reminders_send_task"]
    assert OutboundMessage.objects.count() == 0  # queued, not run


def test_the_task_plans_and_sends(channels):
    """The immediate backend of the tests runs the task at once with the real clock, so the
    session is placed one day after the real now."""
    real_now = timezone.now()
    starts = real_now + datetime.timedelta(hours=23)
    session = TrainingSessionFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))
    AttendanceFactory(session=session)
    result = reminders_send_task.enqueue()
    assert result.return_value["planned"] == 1
    assert result.return_value["sent"] == (0 if is_quiet(real_now) else 1)
    assert OutboundMessage.objects.get().kind == Kind.SESSION_DAY


def test_the_command_can_run_inline(channels):
    out = StringIO()
    call_command("send_reminders", "--inline", stdout=out)
    assert out.getvalue().startswith("planned=0 sent=0")


def test_a_send_a_stopped_worker_left_is_flagged_and_never_sent_again(channels, session):
    """A worker killed between claiming a row and recording the answer: the next run marks
    the row "Không rõ đã gửi" with the reason, and neither it nor later runs send it."""
    from courses.reminders.services import reminders_run
    from courses.reminders.timing import SENDING_TIMEOUT

    AttendanceFactory(session=session)
    reminders_plan(now=NOW)
    message = OutboundMessage.objects.get()
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, claimed_at=NOW - SENDING_TIMEOUT + MIN, attempts=1
    )
    assert reminders_run(now=NOW)["interrupted"] == 0  # still within its time: left alone
    later = NOW + 2 * MIN
    assert reminders_run(now=later)["interrupted"] == 1
    message.refresh_from_db()
    assert message.status == Status.UNKNOWN
    assert message.get_status_display() == "Không rõ đã gửi"
    assert "có thể đã đến" in message.last_error
    assert reminders_run(now=later + 60 * MIN) == {
        "planned": 0,
        "sent": 0,
        "retrying": 0,
        "failed": 0,
        "cancelled": 0,
        "interrupted": 0,
    }
    assert channels.requests == []
