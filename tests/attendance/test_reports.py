import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import selectors, services
from courses.attendance.choices import AttendanceStatus
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory

pytestmark = pytest.mark.django_db
S = AttendanceStatus


@pytest.fixture
def marked(session, roster, trainer):
    rows = {a.member_id: a.pk for a in session.attendances.all()}
    services.attendance_roll_call(
        session=session,
        marks={rows[roster[0].pk]: (S.PRESENT, ""), rows[roster[1].pk]: (S.LATE, "")},
        by=trainer,
    )
    return session


class SessionReportTests:
    def test_counts_per_session(self, marked):
        row = selectors.sessions_with_counts(type(marked).objects.filter(pk=marked.pk)).get()
        assert (row.n_invited, row.n_present, row.n_late, row.n_excused, row.n_absent) == (
            3,
            1,
            1,
            0,
            0,
        )
        assert (row.n_attended, row.n_unmarked) == (2, 1)

    def test_detail_page_shows_counts(self, client, marked, trainer):
        client.force_login(trainer)
        response = client.get(reverse("attendance:session_detail", args=[marked.pk]))
        page = response.content.decode()
        assert '<td data-stat="invited">3</td>' in page
        assert '<td data-stat="late">1</td>' in page

    def test_live_screen_state(self, client, marked, trainer, django_assert_max_num_queries):
        client.force_login(trainer)
        url = reverse("attendance:screen_state", args=[marked.pk])
        with django_assert_max_num_queries(8):
            data = client.get(url).json()
        assert data["counts"]["attended"] == 2
        assert data["counts"]["invited"] == 3
        assert len(data["code"]) == 6
        assert data["qr"].startswith("data:image/svg+xml")
        assert data["url"].startswith("http://testserver/tap-huan/d/")
        assert len(data["recent"]) == 2
        screen = client.get(reverse("attendance:screen", args=[marked.pk]))
        assert data["code"] in screen.content.decode() or screen.status_code == 200
        assert "attendance-screen.js" in screen.content.decode()
        assert 'http-equiv="refresh"' in screen.content.decode()


class RateReportTests:
    def test_team_and_ward_rates(self, marked, team, trainer):
        later = TrainingSessionFactory(
            organiser_ward=marked.organiser_ward,
            starts_at=timezone.now() + datetime.timedelta(days=40),
        )
        later.target_teams.add(team)
        services.session_roster_build(session=later)
        rows = list(selectors.team_attendance_rates(user=trainer))
        assert [(r.pk, r.n_invited, r.n_attended, r.n_sessions) for r in rows] == [
            (team.pk, 6, 2, 2)
        ]
        assert rows[0].rate == pytest.approx(100 * 2 / 6)
        today = timezone.localdate()
        rows = list(selectors.team_attendance_rates(user=trainer, date_to=today))
        assert [(r.n_invited, r.n_attended) for r in rows] == [(3, 2)]
        wards = list(selectors.ward_attendance_rates(user=trainer, date_to=today))
        assert [(w.pk, w.n_invited, w.n_attended) for w in wards] == [(team.ward_id, 3, 2)]

    def test_report_page_and_export(self, client, marked, trainer):
        client.force_login(trainer)
        url = reverse("attendance:report")
        page = client.get(url, {"by": "ward"})
        assert page.status_code == 200
        assert marked.organiser_ward.name in page.content.decode()
        export = client.get(url, {"by": "team", "export": "csv"})
        assert export["Content-Type"].startswith("text/csv")
        text = export.content.decode("utf-8-sig")
        assert "66.7" in text
        xlsx = client.get(url, {"export": "xlsx"})
        assert xlsx.content[:2] == b"PK"

    def test_report_is_scoped(self, client, marked, make_staff):
        stranger = make_staff("ward")  # another ward
        client.force_login(stranger)
        page = client.get(reverse("attendance:report"))
        assert marked.title not in page.content.decode()
        assert not list(selectors.team_attendance_rates(user=stranger))


class MemberSideTests:
    def test_history_and_my_sessions(self, client, session, member_user):
        services.attendance_check_in(session=session, member=member_user)
        upcoming = TrainingSessionFactory(
            organiser_ward=session.organiser_ward,
            starts_at=timezone.now() + datetime.timedelta(days=3),
        )
        from courses.attendance.models import Attendance

        Attendance.objects.create(session=upcoming, member=member_user)
        history = list(selectors.member_attendance_history(member=member_user))
        assert [a.session for a in history] == [upcoming, session]
        client.force_login(member_user.user)
        page = client.get(reverse("attendance:my_sessions"))
        content = page.content.decode()
        assert upcoming.title in content and session.title in content
        assert "Có mặt" in content
        other = MemberFactory()
        Attendance.objects.create(session=upcoming, member=other)
        assert other.full_name not in content

    def test_nav_link_name_resolves(self):
        assert reverse("attendance:my_sessions") == "/tap-huan/cua-toi/"


class CountContractTests:
    def test_attended_counts_in_one_query(self, django_assert_num_queries, trainer):
        from tests.factories.attendance import AttendanceFactory

        a = AttendanceFactory(status=S.PRESENT)
        AttendanceFactory(member=a.member, status=S.LATE)
        AttendanceFactory(member=a.member, status=S.ABSENT)
        b = AttendanceFactory(status=S.EXCUSED)
        course = None
        with django_assert_num_queries(1):
            counts = selectors.attended_counts(course=course)
        assert counts == {a.member_id: 2}
        assert b.member_id not in counts
        assert selectors.attended_sessions_count(member=a.member, course=None) == 2
