import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import services, tokens
from courses.attendance.choices import AttendanceStatus, CheckInMethod
from courses.attendance.models import Attendance
from courses.attendance.services import marking
from tests.factories.accounts import PASSWORD
from tests.factories.attendance import TrainingSessionFactory

pytestmark = pytest.mark.django_db


def checkin_url(session, now=None):
    return reverse("attendance:checkin", args=[tokens.token_make(session, now)])


def scan_and_submit(client, session, data=None):
    """GET the page the QR opens, then POST its form (with the pass it carries)."""
    url = checkin_url(session)
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, {"pass": page.context["pass"], **(data or {})})


class OpenWindowTests:
    def test_future_session_refused(self, client, member_user):
        session = TrainingSessionFactory(
            starts_at=timezone.now() + datetime.timedelta(hours=2), open_before_minutes=30
        )
        response = client.get(checkin_url(session))
        assert response.status_code == 400
        assert "chưa mở điểm danh" in response.content.decode()
        with pytest.raises(Exception, match="chưa mở"):
            services.attendance_check_in(session=session, member=member_user)
        assert not Attendance.objects.exists()

    def test_opens_before_start(self, member_user):
        session = TrainingSessionFactory(
            starts_at=timezone.now() + datetime.timedelta(minutes=20), open_before_minutes=30
        )
        attendance = services.attendance_check_in(session=session, member=member_user)
        assert attendance.status == AttendanceStatus.PRESENT

    def test_ended_and_closed_sessions_refused(self, client, member_user):
        ended = TrainingSessionFactory(
            starts_at=timezone.now() - datetime.timedelta(hours=3),
            ends_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        closed = TrainingSessionFactory(closed_at=timezone.now() - datetime.timedelta(minutes=1))
        for session in (ended, closed):
            response = client.get(checkin_url(session))
            assert response.status_code == 400
            assert "đã kết thúc" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_expired_token_refused_with_clear_message(self, client, session):
        old = timezone.now() - datetime.timedelta(seconds=2 * session.qr_rotation_seconds + 1)
        response = client.get(checkin_url(session, old))
        assert response.status_code == 400
        assert "Mã QR này đã hết hạn" in response.content.decode()

    def test_post_without_valid_pass_refused(self, client, session, member_user):
        client.force_login(member_user.user)
        response = client.post(checkin_url(session), {"pass": "giả-mạo"})
        assert response.status_code == 400
        assert not Attendance.objects.exists()


class LateTests:
    def test_late_after_configured_minutes(self, member_user):
        start = timezone.now() - datetime.timedelta(minutes=30)
        session = TrainingSessionFactory(starts_at=start, late_after_minutes=15)
        on_time = services.attendance_check_in(
            session=session, member=member_user, now=start + datetime.timedelta(minutes=15)
        )
        assert on_time.status == AttendanceStatus.PRESENT
        other = TrainingSessionFactory(starts_at=start, late_after_minutes=15)
        late = services.attendance_check_in(
            session=other, member=member_user, now=start + datetime.timedelta(minutes=16)
        )
        assert late.status == AttendanceStatus.LATE


class CheckInTests:
    def test_sign_in_and_check_in_in_one_step(self, client, session, member_user):
        page = client.get(checkin_url(session))
        assert "Đăng nhập và điểm danh" in page.content.decode()
        response = client.post(
            checkin_url(session),
            {"pass": page.context["pass"], "username": member_user.phone, "password": PASSWORD},
        )
        assert response.status_code == 302
        done_url = reverse("attendance:checkin_done", args=[session.pk])
        assert response["Location"] == f"{done_url}?moi=1"
        attendance = Attendance.objects.get(session=session, member=member_user)
        assert attendance.status == AttendanceStatus.PRESENT
        assert attendance.method == CheckInMethod.QR
        assert attendance.invited is False
        done = client.get(response["Location"])
        assert "Điểm danh thành công" in done.content.decode()
        assert done.wsgi_request.user == member_user.user

    def test_wrong_password_records_nothing(self, client, session, member_user):
        response = scan_and_submit(
            client, session, {"username": member_user.phone, "password": "sai-mat-khau"}
        )
        assert response.status_code == 200
        assert "mật khẩu không đúng" in response.content.decode()
        assert not Attendance.objects.exists()
        assert not response.wsgi_request.user.is_authenticated

    def test_lockout_applies_on_the_check_in_page(self, client, session, member_user, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            scan_and_submit(client, session, {"username": member_user.phone, "password": "x"})
        response = client.post(
            checkin_url(session),
            {
                "pass": tokens.pass_make(session),
                "username": member_user.phone,
                "password": PASSWORD,
            },
        )
        assert response.status_code in (403, 429)
        assert not Attendance.objects.exists()

    def test_signed_in_member_one_tap_and_idempotent(self, client, session, member_user):
        client.force_login(member_user.user)
        page = client.get(checkin_url(session))
        assert "Xin chào" in page.content.decode()
        first = scan_and_submit(client, session)
        assert first.status_code == 302
        attendance = Attendance.objects.get()
        second = scan_and_submit(client, session)
        assert second.status_code == 302
        assert Attendance.objects.count() == 1
        again = Attendance.objects.get()
        assert again.checked_in_at == attendance.checked_in_at
        assert "đã điểm danh trước đó" in client.get(second["Location"]).content.decode()
        assert "Bạn đã điểm danh lúc" in client.get(checkin_url(session)).content.decode()

    def test_invited_row_is_claimed_not_duplicated(self, session, roster):
        member = roster[0]
        result = services.attendance_check_in(session=session, member=member)
        assert result.newly_attended is True
        assert result.invited is True
        assert Attendance.objects.filter(session=session, member=member).count() == 1
        repeat = services.attendance_check_in(session=session, member=member)
        assert repeat.newly_attended is False

    def test_account_without_member_cannot_check_in(self, client, session, make_staff):
        client.force_login(make_staff("trainer"))
        response = scan_and_submit(client, session)
        assert "chưa gắn với thành viên" in response.content.decode()
        assert not Attendance.objects.exists()

    def test_completion_evaluated_only_when_newly_attended(self, session, member_user, monkeypatch):
        calls = []
        monkeypatch.setattr(marking, "_course_completion_evaluate", lambda **kw: calls.append(kw))
        services.attendance_check_in(session=session, member=member_user)
        services.attendance_check_in(session=session, member=member_user)
        assert calls == [{"members": [member_user], "course_id": None}]

    def test_check_in_query_count(self, session, roster, django_assert_max_num_queries):
        # 6 for the check-in itself, 7 to recompute the person's coverage row, 5 for their
        # staffing and per-course rows, 2 for the session's counts and 1 to add the person to
        # its counts per ward and team (lms.reports.facts); PostgreSQL adds the session's lock.
        with django_assert_max_num_queries(22):
            services.attendance_check_in(session=session, member=roster[1])


class CodeTests:
    def test_code_entry_signed_in(self, client, session, member_user):
        client.force_login(member_user.user)
        response = client.post(
            reverse("attendance:checkin_code"), {"code": tokens.code_make(session)}
        )
        assert response.status_code == 302
        attendance = Attendance.objects.get()
        assert attendance.method == CheckInMethod.CODE
        assert attendance.session == session

    def test_code_entry_with_sign_in(self, client, session, member_user):
        response = client.post(
            reverse("attendance:checkin_code"),
            {
                "code": tokens.code_make(session),
                "username": member_user.phone,
                "password": PASSWORD,
            },
        )
        assert response.status_code == 302
        assert Attendance.objects.filter(member=member_user, session=session).exists()

    def test_wrong_or_closed_session_code_refused(self, client, session, member_user):
        closed = TrainingSessionFactory(closed_at=timezone.now())
        client.force_login(member_user.user)
        good = tokens.code_make(session)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        for code in (wrong, tokens.code_make(closed), "12ab56"):
            response = client.post(reverse("attendance:checkin_code"), {"code": code})
            assert response.status_code == 200
        assert not Attendance.objects.exists()

    def test_guessing_is_throttled(self, client, session, member_user):
        client.force_login(member_user.user)
        good = tokens.code_make(session)
        wrong = f"{(int(good) + 1) % 1_000_000:06d}"
        for _ in range(10):
            client.post(reverse("attendance:checkin_code"), {"code": wrong})
        response = client.post(reverse("attendance:checkin_code"), {"code": good})
        assert response.status_code == 403
        assert not Attendance.objects.exists()


class CourseCompletionTests:
    def test_attending_required_session_completes_course(
        self, site_pages, session, member_user, roster, trainer
    ):
        from courses.attendance.selectors import attended_sessions_count
        from courses.models import CourseCompletion
        from tests.factories.courses import course_page

        course = course_page(min_sessions=1)
        session.course = course
        session.save()
        services.attendance_check_in(session=session, member=member_user)
        assert attended_sessions_count(member=member_user, course=course) == 1
        assert CourseCompletion.objects.filter(member=member_user, course=course).exists()
        services.attendance_mark_all_present(session=session, by=trainer)
        assert CourseCompletion.objects.filter(course=course).count() == 4
        for person in [member_user, *roster]:
            assert attended_sessions_count(member=person, course=course) == 1
