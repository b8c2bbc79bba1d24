"""A real database fault mid-check-in: the request's PostgreSQL backend is terminated from a
second connection (``pg_terminate_backend``), as when the server restarts under load.

Needs PostgreSQL:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_attendance pytest tests/attendance/test_checkin_faults_pg.py
"""

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from courses.attendance import services, tokens
from courses.attendance.models import Attendance
from tests.factories.accounts import PASSWORD
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory

from .test_checkin_faults import BUSY, retry_fields

ON_POSTGRES = "postgresql" in settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (set DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def terminate_request_backend():
    """Kill this process's database session from another connection, like a server restart."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def next_request():
    """What Django does at the start of each request in production: drop a broken connection."""
    connection.close_if_unusable_or_obsolete()
    if connection.connection is not None and connection.errors_occurred:
        connection.close()


@pytest.fixture
def hall(db):
    from tests.factories.accounts import UserFactory

    session = TrainingSessionFactory()
    user = UserFactory()
    return session, MemberFactory(user=user, ward=session.organiser_ward, phone=user.phone)


def test_connection_killed_before_the_save_answers_busy(client, hall, monkeypatch):
    session, member = hall
    client.force_login(member.user)
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    scan_pass = client.get(url).context["pass"]
    real = services.attendance_check_in

    def killed_then_save(**kwargs):
        terminate_request_backend()
        return real(**kwargs)

    monkeypatch.setattr(services, "attendance_check_in", killed_then_save)
    busy = client.post(url, {"pass": scan_pass})
    assert busy.status_code == 503
    assert BUSY in busy.content.decode()
    monkeypatch.undo()

    next_request()
    assert not Attendance.objects.filter(member=member).exists()
    retried = client.post(url, retry_fields(busy))
    assert retried.status_code == 302
    assert Attendance.objects.get(member=member).attended


def test_connection_killed_after_the_save_then_retry_says_checked_in(client, hall, monkeypatch):
    """Signed out: the check-in row commits, then the connection dies before the session is
    saved. The member sees the busy page (not "Bad Request (400)"), and the retry says
    "Bạn đã điểm danh"; one row."""
    session, member = hall
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    scan_pass = client.get(url).context["pass"]
    real = services.attendance_check_in

    def save_then_killed(**kwargs):
        attendance = real(**kwargs)
        terminate_request_backend()
        return attendance

    monkeypatch.setattr(services, "attendance_check_in", save_then_killed)
    credentials = {"username": member.phone, "password": PASSWORD}
    busy = client.post(url, {"pass": scan_pass, **credentials})
    assert busy.status_code == 503
    page = busy.content.decode()
    assert BUSY in page and "Bad Request" not in page
    monkeypatch.undo()

    next_request()
    assert Attendance.objects.filter(member=member).count() == 1
    retried = client.post(url, {**retry_fields(busy), **credentials}, follow=True)
    assert "Bạn đã điểm danh" in retried.content.decode()
    assert Attendance.objects.filter(member=member).count() == 1
