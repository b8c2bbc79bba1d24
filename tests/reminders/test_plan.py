"""The planner: which reminders exist after ``reminders_plan(now)``, and never twice."""

import datetime

import pytest

from courses.reminders.choices import Kind, Status
from courses.reminders.models import OutboundMessage, ReminderPreference
from courses.reminders.services import reminder_preference_set, reminders_plan
from teams.support.choices import MonthStatus
from teams.support.models import WardMonth
from tests.factories.accounts import (
    ProvinceOfficerFactory,
    TrainerFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory
from tests.factories.teams import HamletFactory, MemberFactory, TeamFactory, WardFactory

from .conftest import NOW, local

pytestmark = pytest.mark.django_db


def session_at(starts_at, **kwargs):
    return TrainingSessionFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), **kwargs
    )


def rows(**filters):
    return sorted(
        OutboundMessage.objects.filter(**filters).values_list("kind", "channel", "address")
    )


def test_one_day_before_invited_members_only_and_never_twice(channels):
    session = session_at(NOW + datetime.timedelta(hours=23))
    with_email = AttendanceFactory(session=session, member__email="lan@example.org")
    phone_only = AttendanceFactory(session=session)
    AttendanceFactory(session=session, invited=False)  # a walk-in: never invited
    later = session_at(NOW + datetime.timedelta(hours=30))
    AttendanceFactory(session=later)  # more than a day ahead: not yet

    assert reminders_plan(now=NOW) == 3
    assert rows() == sorted(
        [
            (Kind.SESSION_DAY, "email", "lan@example.org"),
            (Kind.SESSION_DAY, "sms", with_email.member.phone),
            (Kind.SESSION_DAY, "sms", phone_only.member.phone),
        ]
    )
    message = OutboundMessage.objects.get(channel="email")
    assert message.status == Status.QUEUED
    assert message.next_attempt_at == NOW
    assert message.ward_id == with_email.member.ward_id
    assert session.title in message.body and "tại Hội trường UBND xã" in message.body
    assert "09:00 01/12/2026" in message.body

    # The timer runs every few minutes: nothing new, whatever the number of runs.
    assert reminders_plan(now=NOW) == 0
    assert reminders_plan(now=NOW + datetime.timedelta(minutes=5)) == 0
    assert OutboundMessage.objects.count() == 3


def test_one_hour_before(channels):
    session = session_at(NOW + datetime.timedelta(minutes=50))
    attendance = AttendanceFactory(session=session)
    assert reminders_plan(now=NOW) == 1
    message = OutboundMessage.objects.get()
    assert (message.kind, message.channel) == (Kind.SESSION_HOUR, "sms")
    assert message.body.startswith("Sap den gio tap huan 10:50 30/11/2026")
    # The day reminder is not made up late, and the hour one is not made twice.
    assert reminders_plan(now=NOW + datetime.timedelta(minutes=10)) == 0
    assert attendance.member.phone == message.address


def test_day_and_hour_reminders_are_two_messages(channels):
    session = session_at(NOW + datetime.timedelta(hours=24))
    AttendanceFactory(session=session)
    assert reminders_plan(now=NOW) == 1
    assert reminders_plan(now=NOW + datetime.timedelta(hours=23, minutes=5)) == 1
    assert rows(channel="sms") == sorted(
        [
            (Kind.SESSION_DAY, "sms", session.attendances.get().member.phone),
            (Kind.SESSION_HOUR, "sms", session.attendances.get().member.phone),
        ]
    )


def test_a_moved_session_gets_new_reminders(channels):
    session = session_at(NOW + datetime.timedelta(hours=20))
    AttendanceFactory(session=session)
    assert reminders_plan(now=NOW) == 1
    session.starts_at += datetime.timedelta(hours=2)
    session.ends_at += datetime.timedelta(hours=2)
    session.save()
    assert reminders_plan(now=NOW) == 1
    assert OutboundMessage.objects.filter(kind=Kind.SESSION_DAY).count() == 2


def test_quiet_hours_defer_to_seven(channels):
    now = local(2026, 11, 30, 22, 30)
    session = session_at(local(2026, 12, 1, 10))
    AttendanceFactory(session=session)
    assert reminders_plan(now=now) == 1
    assert OutboundMessage.objects.get().next_attempt_at == local(2026, 12, 1, 7)


def test_an_hour_reminder_that_would_land_after_the_start_is_skipped(channels):
    now = local(2026, 12, 1, 5, 30)
    AttendanceFactory(session=session_at(local(2026, 12, 1, 6, 15)))
    assert reminders_plan(now=now) == 0


def test_opt_out_per_channel(channels):
    session = session_at(NOW + datetime.timedelta(hours=23))
    member = member_with_account(email="hoa@example.org")
    AttendanceFactory(session=session, member=member)
    reminder_preference_set(
        user=member.user, email_enabled=True, sms_enabled=False, zalo_enabled=True
    )
    ReminderPreference.objects.filter(user=member.user).update(zalo_user_id="zalo-123")
    assert reminders_plan(now=NOW) == 2
    assert rows() == sorted(
        [
            (Kind.SESSION_DAY, "email", "hoa@example.org"),
            (Kind.SESSION_DAY, "zalo", "zalo-123"),
        ]
    )


def test_a_channel_turned_off_in_settings_is_not_planned(channels, settings):
    settings.LMS_REMINDER_CHANNELS = {**settings.LMS_REMINDER_CHANNELS, "sms": ""}
    AttendanceFactory(session=session_at(NOW + datetime.timedelta(hours=23)))
    assert reminders_plan(now=NOW) == 0


def test_trainers_get_tomorrows_list_in_the_evening(channels):
    trainer = TrainerFactory(email="gv@example.org")
    other = TrainerFactory()
    first = session_at(local(2026, 12, 1, 8), title="Buổi sáng")
    second = session_at(local(2026, 12, 1, 14), title="Buổi chiều")
    first.trainers.add(trainer)
    second.trainers.add(trainer, other)
    session_at(local(2026, 12, 2, 8)).trainers.add(trainer)  # the day after: not listed

    assert reminders_plan(now=local(2026, 11, 30, 18, 55)) == 0
    assert reminders_plan(now=local(2026, 11, 30, 19, 0)) == 3
    mail = OutboundMessage.objects.get(user=trainer, channel="email")
    assert mail.kind == Kind.TRAINER_EVENING
    assert mail.subject == "Lịch giảng ngày 01/12/2026"
    assert "08:00 Buổi sáng" in mail.body and "14:00 Buổi chiều" in mail.body
    assert "02/12" not in mail.body
    assert OutboundMessage.objects.get(user=other).body.count("Buoi") == 1
    assert reminders_plan(now=local(2026, 11, 30, 20, 0)) == 0


def test_officers_get_the_report_deadline_of_wards_that_have_not_reported(channels, settings):
    settings.LMS_SUPPORT_DEADLINE_DAY = 5
    late_ward = WardFactory()
    done_ward = WardFactory(province=late_ward.province)
    TeamFactory(hamlet=HamletFactory(ward=late_ward))
    TeamFactory(hamlet=HamletFactory(ward=done_ward))
    WardMonth.objects.create(
        ward=done_ward,
        month=datetime.date(2026, 11, 1),
        status=MonthStatus.SUBMITTED,
        submitted_at=local(2026, 12, 1, 9),
    )
    late_officer = WardOfficerFactory(ward=late_ward, email="xa@example.org")
    WardOfficerFactory(ward=done_ward)
    province_officer = ProvinceOfficerFactory(province=late_ward.province)

    assert reminders_plan(now=local(2026, 12, 1, 9)) == 0  # more than 3 days before
    assert reminders_plan(now=local(2026, 12, 2, 7, 30)) == 0  # before 08:00
    assert reminders_plan(now=local(2026, 12, 2, 8)) == 3
    assert rows(kind=Kind.SUPPORT_DEADLINE) == sorted(
        [
            (Kind.SUPPORT_DEADLINE, "email", "xa@example.org"),
            (Kind.SUPPORT_DEADLINE, "sms", late_officer.phone),
            (Kind.SUPPORT_DEADLINE, "sms", province_officer.phone),
        ]
    )
    mail = OutboundMessage.objects.get(channel="email")
    assert late_ward.name in mail.body and "05/12/2026" in mail.body
    province_sms = OutboundMessage.objects.get(user=province_officer)
    assert "con 1 xa, phuong" in province_sms.body
    assert province_sms.ward_id is None and province_sms.province_id == late_ward.province_id
    # Again the next days: nothing new until the deadline day itself.
    assert reminders_plan(now=local(2026, 12, 4, 8)) == 0
    assert reminders_plan(now=local(2026, 12, 5, 8)) == 3
    assert reminders_plan(now=local(2026, 12, 6, 8)) == 0


def test_members_without_any_address_get_nothing(channels):
    AttendanceFactory(
        session=session_at(NOW + datetime.timedelta(hours=23)),
        member=MemberFactory(phone=""),
    )
    assert reminders_plan(now=NOW) == 0


def _invite(n_sessions, per_session):
    for i in range(n_sessions):
        session = session_at(NOW + datetime.timedelta(hours=20, minutes=i))
        for _ in range(per_session):
            AttendanceFactory(session=session)


def test_planning_costs_the_same_queries_whatever_the_number_of_people(
    channels, django_assert_num_queries
):
    _invite(1, 2)
    with django_assert_num_queries(6) as small:
        assert reminders_plan(now=NOW) == 2
    OutboundMessage.objects.all().delete()
    _invite(4, 10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert reminders_plan(now=NOW) == 42
