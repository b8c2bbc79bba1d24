"""Check-in under database faults (issue 15, items 6 and 11): a Vietnamese "Hệ thống đang bận"
page (503) with a retry button, an idempotent retry that says "Bạn đã điểm danh" when the first
attempt was saved, and never Django's English "Bad Request (400)" for a failed session save.

These tests raise the fault at a chosen point on any database; ``test_checkin_faults_pg.py``
breaks a real PostgreSQL connection mid-request."""

import re

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.urls import reverse

from courses.attendance import services, tokens
from courses.attendance.models import Attendance
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

BUSY = "Hệ thống đang bận, vui lòng thử lại"


def retry_fields(response):
    """The hidden fields of the busy page's retry form, as the browser would send them."""
    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def scan(client, session):
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    return url, client.get(url).context["pass"]


def test_fault_before_saving_answers_busy_then_retry_checks_in(
    client, session, member_user, monkeypatch
):
    client.force_login(member_user.user)
    url, scan_pass = scan(client, session)

    def down(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(services, "attendance_check_in", down)
    busy = client.post(url, {"pass": scan_pass})
    assert busy.status_code == 503
    page = busy.content.decode()
    assert BUSY in page and "Thử lại" in page
    assert "Bad Request" not in page and "Server Error" not in page
    assert busy["Retry-After"]
    fields = retry_fields(busy)
    assert fields["pass"] == scan_pass
    assert not Attendance.objects.exists()

    monkeypatch.undo()
    retried = client.post(url, fields)
    assert retried.status_code == 302
    assert Attendance.objects.get(session=session, member=member_user).attended


def test_retry_after_a_saved_but_errored_attempt_says_already_checked_in(
    client, session, member_user, monkeypatch
):
    client.force_login(member_user.user)
    url, scan_pass = scan(client, session)
    real = services.attendance_check_in

    def saved_then_fault(**kwargs):
        real(**kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "attendance_check_in", saved_then_fault)
    busy = client.post(url, {"pass": scan_pass})
    assert busy.status_code == 503
    assert Attendance.objects.filter(session=session, member=member_user).count() == 1

    monkeypatch.undo()
    retried = client.post(url, retry_fields(busy), follow=True)
    assert retried.status_code == 200
    assert "Bạn đã điểm danh" in retried.content.decode()
    assert Attendance.objects.filter(session=session, member=member_user).count() == 1


def test_failed_session_save_is_busy_not_bad_request(client, session, member_user, monkeypatch):
    """Signed out: the same POST signs in (a session write) and checks in. When the session
    cannot be saved, the member sees the busy page, not "Bad Request (400)", and the retry
    (which asks for the password again) says they are already checked in."""
    url, scan_pass = scan(client, session)
    real_save = SessionStore.save

    def failing_save(self, must_create=False):
        if not must_create:
            raise UpdateError
        return real_save(self, must_create=must_create)

    monkeypatch.setattr(SessionStore, "save", failing_save)
    credentials = {"username": member_user.phone, "password": PASSWORD}
    busy = client.post(url, {"pass": scan_pass, **credentials})
    assert busy.status_code == 503
    page = busy.content.decode()
    assert BUSY in page and "Bad Request" not in page
    assert 'name="password"' in page  # not signed in: the retry asks again
    assert Attendance.objects.filter(member=member_user).count() == 1

    monkeypatch.undo()
    retried = client.post(url, {**retry_fields(busy), **credentials}, follow=True)
    assert "Bạn đã điểm danh" in retried.content.decode()
    assert Attendance.objects.filter(member=member_user).count() == 1


def test_code_check_in_fault_is_busy_with_the_code_kept(client, session, member_user, monkeypatch):
    client.force_login(member_user.user)

    def down(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(services, "attendance_check_in", down)
    code = tokens.code_make(session)
    busy = client.post(reverse("attendance:checkin_code"), {"code": code})
    assert busy.status_code == 503
    assert retry_fields(busy)["code"] == code
    monkeypatch.undo()
    retried = client.post(reverse("attendance:checkin_code"), retry_fields(busy))
    assert retried.status_code == 302


def test_expired_pass_on_retry_still_says_checked_in(client, session, member_user):
    """A retry long after the scan, of a check-in that was saved, is not refused."""
    client.force_login(member_user.user)
    services.attendance_check_in(session=session, member=member_user)
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    response = client.post(url, {"pass": "hết-hạn"}, follow=True)
    assert "Bạn đã điểm danh" in response.content.decode()
