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


def _rate_params(user, *, by="team", end=None):
    from lms.accounts.scoping import scope_for
    from lms.reports.periods import Period
    from lms.reports.selectors import attendance_params, report_params

    today = timezone.localdate()
    period = Period(start=today - datetime.timedelta(days=1), end=end or today)
    return attendance_params(report_params(scope=scope_for(user), period=period), by=by)


class RateReportTests:
    """The attendance-rate report, now one of the reports (``lms.reports``)."""

    def test_team_and_ward_rates(self, marked, team, ward_officer):
        from lms.reports.selectors import attendance_report

        later = TrainingSessionFactory(
            organiser_ward=marked.organiser_ward,
            starts_at=timezone.now() + datetime.timedelta(days=40),
        )
        later.target_teams.add(team)
        services.session_roster_build(session=later)
        end = timezone.localdate() + datetime.timedelta(days=60)
        report = attendance_report(params=_rate_params(ward_officer, end=end))
        assert [
            (r["unit_id"], r["invited"], r["attended"], r["sessions"]) for r in report.rows
        ] == [(team.pk, 6, 2, 2)]
        assert report.rows[0]["attendance_pct"] == pytest.approx(33.3)
        report = attendance_report(params=_rate_params(ward_officer))
        assert [(r["invited"], r["attended"]) for r in report.rows] == [(3, 2)]
        assert [s["session_id"] for s in report.extra["sessions"]] == [marked.pk]
        wards = attendance_report(params=_rate_params(ward_officer, by="ward"))
        assert [(w["unit_id"], w["invited"], w["attended"]) for w in wards.rows] == [
            (team.ward_id, 3, 2)
        ]

    def test_nationally_the_rows_are_provinces(self, client, marked, team, ward_officer):
        """An administrator sees one row per province, not every team of the country; the
        province's row adds up its wards'."""
        from lms.reports.selectors import attendance_report
        from tests.factories.accounts import AdminFactory

        admin = AdminFactory()
        national = attendance_report(params=_rate_params(admin))
        assert national.level == "national"
        [row] = national.rows
        assert row["unit_id"] == team.ward.province_id
        wards = attendance_report(params=_rate_params(ward_officer, by="ward"))
        assert (
            (row["invited"], row["attended"])
            == (
                sum(w["invited"] for w in wards.rows),
                sum(w["attended"] for w in wards.rows),
            )
            == (3, 2)
        )
        client.force_login(admin)
        page = client.get(reverse("reports_admin:attendance")).content.decode()
        assert "Tỷ lệ tham dự theo tỉnh, thành phố" in page and team.ward.province.name in page

    def test_screen_json_and_exports_agree(self, client, marked, team, ward_officer):
        client.force_login(ward_officer)
        url = reverse("reports_admin:attendance")
        page = client.get(url, {"by": "team"})
        assert page.status_code == 200
        html = page.content.decode()
        assert team.name in html and "66,7" in html and marked.title in html
        screen = [
            (r["name"], r["invited"], r["attended"], r["attendance_pct"])
            for r in page.context["report"].rows
        ]
        data = client.get(reverse("reports:api", args=["attendance"]), {"by": "team"}).json()
        figures = [
            (r["name"], r["invited"], r["attended"], r["attendance_pct"]) for r in data["rows"]
        ]
        assert figures == screen == [(team.name, 3, 2, 66.7)]
        assert data["totals"]["attended"] == 2
        assert [s["title"] for s in data["sessions"]] == [marked.title]
        export = client.get(url, {"by": "team", "export": "csv"})
        assert export["Content-Type"].startswith("text/csv")
        assert export.content.startswith(b"\xef\xbb\xbf")
        assert "66.7" in export.content.decode("utf-8-sig")
        assert client.get(url, {"export": "xlsx"}).content[:2] == b"PK"
        assert client.get(url, {"export": "pdf"}).content[:4] == b"%PDF"

    def test_report_is_scoped(self, client, marked, team, make_staff):
        stranger = make_staff("ward")  # another ward
        client.force_login(stranger)
        page = client.get(reverse("reports_admin:attendance"), {"by": "ward"})
        assert page.status_code == 200
        assert marked.title not in page.content.decode()
        assert page.context["report"].rows == []
        data = client.get(reverse("reports:api", args=["attendance"])).json()
        assert data["rows"] == [] and data["sessions"] == []
        outside = client.get(
            reverse("reports_admin:attendance"), {"ward": marked.organiser_ward.code}
        )
        assert outside.status_code == 404

    def test_trainers_see_the_attendance_report_but_no_other_report(self, client, marked, trainer):
        """Trainers ran this report on their own pages before it joined the reports; they keep
        it (aggregates of their province), and only it."""
        client.force_login(trainer)
        page = client.get(reverse("reports_admin:attendance"), {"by": "team"})
        assert page.status_code == 200
        assert marked.title in page.content.decode()
        data = client.get(reverse("reports:api", args=["attendance"])).json()
        assert data["report"] == "attendance"
        refused = client.get(reverse("reports_admin:coverage"))  # Wagtail: back to the dashboard
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        assert client.get(reverse("reports:api", args=["coverage"])).status_code == 403
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert reverse("reports_admin:attendance") in menu
        assert reverse("reports_admin:coverage") not in menu

    def test_old_address_redirects(self, client, ward_officer):
        client.force_login(ward_officer)
        response = client.get(reverse("attendance:report"), {"by": "ward"})
        assert response.status_code == 302
        assert response["Location"] == reverse("reports_admin:attendance") + "?by=ward"


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
    def test_attended_sessions_count_counts_present_and_late(self, django_assert_num_queries):
        from tests.factories.attendance import AttendanceFactory

        a = AttendanceFactory(status=S.PRESENT)
        AttendanceFactory(member=a.member, status=S.LATE)
        AttendanceFactory(member=a.member, status=S.ABSENT)
        b = AttendanceFactory(status=S.EXCUSED)
        with django_assert_num_queries(1):
            count = selectors.attended_sessions_count(member=a.member, course=None)
        assert count == 2
        assert selectors.attended_sessions_count(member=b.member, course=None) == 0
