"""The session's .ics download, the private calendar feed and the account page's controls."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from courses.reminders.models import CalendarFeedToken, ReminderPreference
from lms.accounts.groups import group_for_role
from tests.factories.accounts import TrainerFactory, UserFactory, member_with_account
from tests.factories.attendance import AttendanceFactory, TrainingSessionFactory

from .conftest import local

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def session():
    return TrainingSessionFactory(
        title="Chữ ký số cho người dân",
        venue="Nhà văn hóa thôn Đông",
        starts_at=local(2026, 12, 3, 8, 30),
        ends_at=local(2026, 12, 3, 11),
    )


@pytest.fixture
def member(session):
    member = member_with_account(ward=session.organiser_ward)
    AttendanceFactory(session=session, member=member)
    return member


def events(content):
    return Calendar.from_ical(content).walk("VEVENT")


def test_invited_member_downloads_the_session_ics(client, session, member):
    client.force_login(member.user)
    response = client.get(reverse("reminders:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Chữ ký số cho người dân"
    assert str(event["LOCATION"]) == "Nhà văn hóa thôn Đông"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2026, 12, 3, 8, 30, tzinfo=HCM)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert end == session.ends_at
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20261203T083000" in response.content


def test_others_cannot_download_it(client, session):
    url = reverse("reminders:session_ics", args=[session.pk])
    assert client.get(url).status_code == 302  # sign in first
    stranger = member_with_account()
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("reminders:session_ics", args=[999999])).status_code == 404
    assert client.get(f"/lich/buoi/{'9' * 25}.ics").status_code == 404
    assert client.get(f"/lich/rieng/{'x' * 300}.ics").status_code == 404


def test_trainer_downloads_it_from_the_session_page(client, session):
    trainer = TrainerFactory(province=session.organiser_province)
    trainer.groups.add(group_for_role(trainer.role))
    session.trainers.add(trainer)
    client.force_login(trainer)
    page = client.get(reverse("attendance:session_detail", args=[session.pk]))
    url = reverse("reminders:session_ics", args=[session.pk])
    assert url in page.content.decode()
    assert len(events(client.get(url).content)) == 1


def test_members_sessions_page_links_the_ics(client):
    starts = timezone.now() + datetime.timedelta(days=2)
    upcoming = TrainingSessionFactory(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )
    member = member_with_account(ward=upcoming.organiser_ward)
    AttendanceFactory(session=upcoming, member=member)
    client.force_login(member.user)
    page = client.get(reverse("attendance:my_sessions")).content.decode()
    assert reverse("reminders:session_ics", args=[upcoming.pk]) in page
    assert "Thêm vào lịch (.ics)" in page


def test_private_feed_lists_only_my_sessions_and_revoking_closes_it(client, session, member):
    other = TrainingSessionFactory(title="Buổi của người khác", starts_at=session.starts_at)
    AttendanceFactory(session=other)
    taught = TrainingSessionFactory(title="Buổi tôi dạy", starts_at=session.starts_at)
    client.force_login(member.user)

    assert client.post(reverse("reminders:token_regenerate")).status_code == 302
    token = CalendarFeedToken.objects.get(user=member.user, revoked_at__isnull=True)
    assert len(token.token) >= 40
    feed_url = reverse("reminders:feed", args=[token.token])
    assert feed_url in client.get(reverse("accounts:profile")).content.decode()

    client.logout()  # calendar apps send no cookie
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    titles = [str(e["SUMMARY"]) for e in events(response.content)]
    assert titles == ["Chữ ký số cho người dân"]
    assert b"Bu\xe1\xbb\x95i c\xe1\xbb\xa7a ng\xc6\xb0\xe1\xbb\x9di kh\xc3\xa1c" not in (
        response.content
    )
    assert taught.title not in titles

    client.force_login(member.user)
    client.post(reverse("reminders:token_revoke"))
    client.logout()
    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("reminders:feed", args=["not-a-token"])).status_code == 404


def test_regenerating_replaces_the_address_and_trainers_see_what_they_teach(client, session):
    trainer = TrainerFactory()
    session.trainers.add(trainer)
    client.force_login(trainer)
    client.post(reverse("reminders:token_regenerate"))
    old = CalendarFeedToken.objects.get(user=trainer).token
    client.post(reverse("reminders:token_regenerate"))
    new = CalendarFeedToken.objects.get(user=trainer, revoked_at__isnull=True).token
    assert new != old
    assert client.get(reverse("reminders:feed", args=[old])).status_code == 404
    response = client.get(reverse("reminders:feed", args=[new]))
    assert [str(e["SUMMARY"]) for e in events(response.content)] == [session.title]


def test_feed_of_a_disabled_account_is_closed(client, session, member):
    client.force_login(member.user)
    client.post(reverse("reminders:token_regenerate"))
    token = CalendarFeedToken.objects.get(user=member.user).token
    member.user.is_active = False
    member.user.save()
    assert client.get(reverse("reminders:feed", args=[token])).status_code == 404


def test_account_page_sets_channel_opt_outs(client):
    user = UserFactory(email="a@example.org")
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Nhắc lịch tập huấn" in page and 'name="sms_enabled"' in page
    response = client.post(
        reverse("reminders:preference_set"), {"email_enabled": "on", "zalo_enabled": "on"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=user)
    assert (preference.email_enabled, preference.sms_enabled, preference.zalo_enabled) == (
        True,
        False,
        True,
    )
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="sms_enabled" id="id_sms_enabled"' in page
    assert 'name="email_enabled" id="id_email_enabled" checked' in page
    assert client.get(reverse("reminders:preference_set")).status_code == 405
