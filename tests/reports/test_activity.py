"""``CoverageFact``, the rows behind the coverage report (``lms.reports.activity``).

Two promises are tested: the report's one statement over these rows gives the same figures as
the ORM on the source tables (every level, whole-month, part-month and cross-year periods, team
level and gap filters, certificates with gaps), and every service that changes memberships,
teams, attendance, completions or certificates leaves the rows equal to a rebuild from scratch.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from certificates.services import certificate_issue, certificate_revoke
from courses.attendance.services import (
    attendance_check_in,
    attendance_roll_call,
    session_attendee_ids,
    session_attendees_summary_refresh,
)
from courses.models import CourseCompletion
from courses.services import enrolment_create, lesson_complete
from lms.accounts.scoping import Scope
from lms.reports.activity import (
    certification_span,
    member_activity_rebuild,
    member_activity_refresh,
    month_index,
)
from lms.reports.models import CoverageFact
from lms.reports.periods import Period, period_parse
from lms.reports.selectors import (
    coverage,
    coverage_report,
    period_month_masks,
    report_params,
    summary_applies,
)
from teams.services import membership_join, membership_leave, team_dissolve
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page, lesson_page
from tests.factories.reports import CertificateFactory
from tests.factories.teams import MemberFactory, MembershipFactory, TeamFactory

EVERYTHING = Scope(everything=True)
D = datetime.date
KEYS = ("hamlets", "hamlets_covered", "teams", "members", "trained", "certified")


def figures(report):
    rows = {row["name"]: tuple(row[key] for key in KEYS) for row in report.rows}
    return rows, tuple(report.totals[key] for key in KEYS)


def exact(monkeypatch, **kwargs):
    """The report computed from the source tables only."""
    with monkeypatch.context() as patch:
        patch.setattr(coverage, "summary_applies", lambda params: False)
        return coverage_report(params=report_params(scope=EVERYTHING, **kwargs))


FACT_FIELDS = [f.attname for f in CoverageFact._meta.concrete_fields]


def summary_rows():
    return set(CoverageFact.objects.values_list(*FACT_FIELDS))


def assert_summary_is_rebuilt_state():
    before = summary_rows()
    member_activity_rebuild()
    assert summary_rows() == before


# -- pure helpers ------------------------------------------------------------------------------


class SpanTests:
    def test_none_without_certificates(self):
        assert certification_span([]) is None

    def test_overlapping_and_touching_periods_are_gapless(self):
        span = certification_span(
            [(D(2026, 1, 1), D(2026, 6, 30)), (D(2025, 1, 1), D(2026, 2, 1)), (D(2026, 7, 1), None)]
        )
        assert span == (D(2025, 1, 1), None, True)

    def test_a_gap_is_flagged(self):
        span = certification_span([(D(2025, 1, 1), D(2025, 6, 30)), (D(2026, 1, 1), D(2027, 1, 1))])
        assert span == (D(2025, 1, 1), D(2027, 1, 1), False)

    def test_a_certificate_inside_one_without_expiry(self):
        span = certification_span([(D(2024, 1, 1), None), (D(2025, 1, 1), D(2025, 3, 1))])
        assert span == (D(2024, 1, 1), None, True)


def bit(year, month):
    return 1 << month_index(year, month)


class MaskTests:
    def test_months_count_from_january_2025(self):
        assert month_index(2025, 1) == 0
        assert month_index(2026, 8) == 19
        assert month_index(2024, 12) is None
        assert month_index(2030, 4) is None  # 63 months: January 2025 to March 2030

    def test_whole_quarter(self):
        assert period_month_masks(period_parse("2026-q3")) == (
            bit(2026, 7) | bit(2026, 8) | bit(2026, 9),
            0,
        )

    def test_part_months_are_edges_and_years_are_crossed(self):
        full, edge = period_month_masks(Period(start=D(2025, 12, 10), end=D(2026, 2, 27)))
        assert full == bit(2026, 1)
        assert edge == bit(2025, 12) | bit(2026, 2)

    def test_applies_only_within_a_year_and_without_course_filters(self):
        year = period_parse("2026")
        assert summary_applies(report_params(scope=EVERYTHING, period=year))
        assert not summary_applies(report_params(scope=EVERYTHING, period=year, course_id=1))
        assert not summary_applies(report_params(scope=EVERYTHING, period=year, topic_id=1))
        across = Period(start=D(2025, 12, 1), end=D(2026, 1, 31))
        assert summary_applies(report_params(scope=EVERYTHING, period=across))
        before = Period(start=D(2024, 12, 1), end=D(2025, 1, 31))
        assert not summary_applies(report_params(scope=EVERYTHING, period=before))


# -- the report reads the same figures from the summary as from the sources -----------------


PERIODS = [
    period_parse("2026"),
    period_parse("2026-q3"),
    period_parse("2026-m8"),
    period_parse("2026-m6"),
    period_parse("2025"),
    Period(start=D(2026, 8, 5), end=D(2026, 8, 12)),
    Period(start=D(2026, 8, 11), end=D(2026, 9, 30)),
    Period(start=D(2026, 5, 15), end=D(2026, 8, 3)),
    Period(start=D(2025, 12, 1), end=D(2026, 8, 31)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}_{p.end}")
def test_summary_and_sources_agree_at_every_level(dataset, monkeypatch, period):
    for unit in (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    ):
        fast = coverage_report(params=report_params(scope=EVERYTHING, period=period, **unit))
        slow = exact(monkeypatch, period=period, **unit)
        assert figures(fast) == figures(slow), (period, unit)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [{"team_level": "ward"}, {"team_level": "hamlet"}, {"gap": "no_team"}, {"gap": "no_trained"}],
)
def test_summary_and_sources_agree_with_filters(dataset, monkeypatch, filters):
    period = period_parse("2026")
    for unit in (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    ):
        fast = coverage_report(
            params=report_params(scope=EVERYTHING, period=period, **unit, **filters)
        )
        slow = exact(monkeypatch, period=period, **unit, **filters)
        assert figures(fast) == figures(slow), (filters, unit)


@pytest.mark.django_db
def test_a_person_in_two_teams_of_a_ward_counts_once_for_the_ward(dataset, monkeypatch):
    """m1 (trained, certified) also joins the commune-level team of ward 31333: the ward still
    has 4 members nationally and in the province, while the ward's own breakdown shows m1 on
    the hamlet row and on the commune-level row, as the source tables do."""
    membership_join(member=dataset.m1, team=dataset.tw)
    province = report_params(
        scope=EVERYTHING, period=period_parse("2026"), province_id=dataset.p.pk
    )
    wards = {row["unit_id"]: row for row in coverage_report(params=province).rows}
    assert (wards[dataset.w1.pk]["members"], wards[dataset.w1.pk]["trained"]) == (4, 3)
    national = coverage_report(params=report_params(scope=EVERYTHING, period=period_parse("2026")))
    assert {row["unit_id"]: row["members"] for row in national.rows}[dataset.p.pk] == 5
    for unit in (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    ):
        fast = coverage_report(
            params=report_params(scope=EVERYTHING, period=period_parse("2026"), **unit)
        )
        assert figures(fast) == figures(exact(monkeypatch, period=period_parse("2026"), **unit))


@pytest.mark.django_db
def test_part_of_a_month_counts_only_the_days_inside(dataset):
    """m3 completed a course on 1 August; m1 (present) and m5 (late) attended on 10 August.
    All of August: three trained in ward 31333. 5–12 August: only the two at the session."""
    august = report_params(
        scope=EVERYTHING, period=period_parse("2026-m8"), province_id=dataset.p.pk
    )
    days = report_params(
        scope=EVERYTHING,
        period=Period(start=D(2026, 8, 5), end=D(2026, 8, 12)),
        province_id=dataset.p.pk,
    )
    trained = {row["name"]: row["trained"] for row in coverage_report(params=august).rows}
    assert trained["Phường Vị Tân"] == 3
    trained = {row["name"]: row["trained"] for row in coverage_report(params=days).rows}
    assert trained["Phường Vị Tân"] == 2


@pytest.mark.django_db
def test_a_gap_between_certificates_is_not_counted(dataset, monkeypatch):
    """m2's only certificate is revoked. Give them one that expired at the end of June 2025 and
    one from January 2026: certified at the end of 2025-q3, not; at the end of 2026-q1, yes."""
    CertificateFactory(
        holder=dataset.m2, course=dataset.c2, issued_on=D(2025, 1, 1), expires_on=D(2025, 6, 30)
    )
    CertificateFactory(holder=dataset.m2, course=dataset.c1, issued_on=D(2026, 1, 1))
    assert CoverageFact.objects.get(member=dataset.m2).certified_gapless is False

    def certified(code):
        params = report_params(
            scope=EVERYTHING,
            period=period_parse(code),
            province_id=dataset.p.pk,
            ward_id=dataset.w1.pk,
        )
        return {row["unit_id"]: row["certified"] for row in coverage_report(params=params).rows}

    assert certified("2025-q3")[dataset.h1.pk] == 0  # m1's certificate is from 2026
    assert certified("2026-q1")[dataset.h1.pk] == 1  # m2 again; m1 not yet
    for code in ("2025-q3", "2026-q1", "2026"):
        for unit in ({}, {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk}):
            fast = coverage_report(
                params=report_params(scope=EVERYTHING, period=period_parse(code), **unit)
            )
            assert figures(fast) == figures(exact(monkeypatch, period=period_parse(code), **unit))


@pytest.mark.django_db
def test_one_statement_when_the_rows_answer(dataset, django_assert_num_queries):
    for unit in (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    ):
        params = report_params(scope=EVERYTHING, period=period_parse("2026"), **unit)
        with django_assert_num_queries(1):
            coverage_report(params=params)
    by_course = report_params(
        scope=EVERYTHING,
        period=period_parse("2026"),
        province_id=dataset.p.pk,
        course_id=dataset.c1.pk,
    )
    with django_assert_num_queries(6):
        coverage_report(params=by_course)


# -- the services keep it in step -----------------------------------------------------------


@pytest.fixture
def session(db):
    return TrainingSessionFactory()


@pytest.fixture
def member(session):
    member = MemberFactory(ward=session.organiser_ward)
    MembershipFactory(member=member, team__hamlet__ward=session.organiser_ward)
    return member


def months_of(member):
    return set(CoverageFact.objects.filter(member=member).values_list("trained_months", flat=True))


def month_bit(moment):
    local = timezone.localtime(moment)
    return bit(local.year, local.month)


@pytest.mark.django_db
class ServiceTests:
    def test_check_in_then_marked_absent(self, session, member, django_user_model):
        attendance_check_in(session=session, member=member)
        assert months_of(member) == {month_bit(session.starts_at)}
        assert_summary_is_rebuilt_state()

        staff = django_user_model.objects.create_user(username="giangvien", password="x")
        row = session.attendances.get(member=member)
        attendance_roll_call(
            session=session, marks={row.pk: ("absent", "")}, by=staff, reason="Nhầm người"
        )
        assert months_of(member) == {0}
        assert_summary_is_rebuilt_state()

    def test_session_moved_to_another_month(self, session, member):
        attendance_check_in(session=session, member=member)
        session.starts_at -= datetime.timedelta(days=62)
        session.ends_at -= datetime.timedelta(days=62)
        session.save()
        session_attendees_summary_refresh(session=session)
        assert months_of(member) == {month_bit(session.starts_at)}
        assert_summary_is_rebuilt_state()

    def test_deleted_session(self, session, member):
        attendance_check_in(session=session, member=member)
        attendees = session_attendee_ids(session=session)
        session.delete()
        session_attendees_summary_refresh(member_ids=attendees)
        assert months_of(member) == {0}

    def test_a_failed_write_leaves_no_trace(self, session, member):
        from django.db import transaction

        with pytest.raises(RuntimeError), transaction.atomic():
            attendance_check_in(session=session, member=member)
            raise RuntimeError
        assert months_of(member) == {0}

    def test_completion_issue_and_revoke(self, site_pages, member, django_user_model):
        template = CertificateTemplateFactory()
        course = course_page(title="Kỹ năng số", certificate_template=template, min_sessions=0)
        CourseCompletion.objects.create(member=member, course=course, completed_on=D(2026, 3, 2))
        assert months_of(member) == {0}  # written behind the services' back...
        staff = django_user_model.objects.create_user(username="canbo", password="x")
        certificate = certificate_issue(member=member, course=course, by=staff)
        # ...and picked up when the certificate is issued.
        assert months_of(member) == {bit(2026, 3)}
        fact = CoverageFact.objects.get(member=member)
        assert (fact.certified_from, fact.certified_until) == (
            certificate.issued_on,
            certificate.expires_on,
        )
        assert_summary_is_rebuilt_state()

        certificate_revoke(certificate=certificate, by=staff, reason="Cấp nhầm")
        assert CoverageFact.objects.get(member=member).certified_from is None
        assert_summary_is_rebuilt_state()

    def test_completing_the_last_lesson(self, site_pages, member):
        course = course_page(title="Một bài học", min_sessions=0)
        lesson = lesson_page(course)
        enrolment_create(member=member, course=course)
        lesson_complete(member=member, lesson=lesson)
        assert CourseCompletion.objects.filter(member=member, course=course).exists()
        today = timezone.localdate()
        assert months_of(member) == {bit(today.year, today.month)}
        assert_summary_is_rebuilt_state()

    def test_joining_leaving_and_dissolving(self, member):
        membership = member.memberships.get()
        team = membership.team
        other = TeamFactory(hamlet__ward=team.ward)
        second = membership_join(member=member, team=other)
        assert set(
            CoverageFact.objects.filter(member=member).values_list("team_id", "first_in_ward")
        ) == {
            (team.pk, True),
            (other.pk, False),
        }
        membership_leave(membership=membership)
        assert list(
            CoverageFact.objects.filter(member=member).values_list("team_id", "first_in_ward")
        ) == [(other.pk, True)]
        team_dissolve(team=other)
        assert not CoverageFact.objects.filter(member=member).exists()
        second.refresh_from_db()
        assert second.left_on is not None
        assert_summary_is_rebuilt_state()

    def test_team_moved_to_another_hamlet_in_the_admin(self, client, member, site_pages):
        from tests.factories.accounts import AdminFactory
        from tests.factories.teams import HamletFactory

        team = member.memberships.get().team
        target = HamletFactory(ward=team.ward)
        client.force_login(AdminFactory())
        url = f"/admin/to-cong-nghe/to/edit/{team.pk}/"
        form = client.get(url).context["form"]
        data = {name: form[name].value() for name in form.fields}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        data["hamlet"] = target.pk
        response = client.post(url, data)
        assert response.status_code == 302, (
            response.context["form"].errors if response.context else response
        )
        assert CoverageFact.objects.get(member=member).hamlet_id == target.pk
        assert_summary_is_rebuilt_state()


@pytest.mark.django_db
def test_rebuild_command_repairs_stale_rows(dataset):
    CoverageFact.objects.all().delete()
    member_activity_refresh(member_ids=[])  # nothing to do, nothing fails
    out = StringIO()
    call_command("rebuild_member_activity", stdout=out)
    assert "Đã tính lại" in out.getvalue()
    assert months_of(dataset.m1) == {bit(2026, 8)}
    assert CoverageFact.objects.get(member=dataset.m6).certified_from == D(2026, 9, 2)
    trained = coverage_report(
        params=report_params(
            scope=EVERYTHING, period=period_parse("2026-q3"), province_id=dataset.p.pk
        )
    ).totals["trained"]
    assert trained == 3  # m1, m5 (10 Aug) and m3 (completed 1 Aug); nobody in ward 31321
