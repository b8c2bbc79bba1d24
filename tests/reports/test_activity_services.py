"""Every service that changes memberships, teams, attendance, completions or certificates
leaves the coverage rows (``lms.reports.activity``) equal to a rebuild from scratch, and the
``rebuild_member_activity`` command repairs stale rows. The figures the rows give are in
``test_activity_figures.py``.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from certificates.services import certificate_issue, certificate_revoke
from courses.attendance.services import (
    attendance_check_in,
    attendance_roll_call,
    session_attendee_ids,
    session_attendees_activity_refresh,
)
from courses.models import CourseCompletion
from courses.services import enrolment_create, lesson_complete
from lms.reports.activity import member_activity_rebuild, member_activity_refresh
from lms.reports.models import CoverageFact
from lms.reports.periods import period_parse
from lms.reports.selectors import coverage_report, report_params
from teams.services import membership_join, membership_leave, team_dissolve
from tests.factories.accounts import AdminFactory
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page, lesson_page
from tests.factories.teams import HamletFactory, MemberFactory, MembershipFactory, TeamFactory

from .test_activity_figures import EVERYTHING, D, bit

FACT_FIELDS = [f.attname for f in CoverageFact._meta.concrete_fields]


def fact_rows():
    return set(CoverageFact.objects.values_list(*FACT_FIELDS))


def assert_rows_equal_a_rebuild():
    before = fact_rows()
    member_activity_rebuild()
    assert fact_rows() == before


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
        assert_rows_equal_a_rebuild()

        staff = django_user_model.objects.create_user(username="giangvien", password="x")
        row = session.attendances.get(member=member)
        attendance_roll_call(
            session=session, marks={row.pk: ("absent", "")}, by=staff, reason="Nhầm người"
        )
        assert months_of(member) == {0}
        assert_rows_equal_a_rebuild()

    def test_session_moved_to_another_month(self, session, member):
        attendance_check_in(session=session, member=member)
        session.starts_at -= datetime.timedelta(days=62)
        session.ends_at -= datetime.timedelta(days=62)
        session.save()
        session_attendees_activity_refresh(session=session)
        assert months_of(member) == {month_bit(session.starts_at)}
        assert_rows_equal_a_rebuild()

    def test_deleted_session(self, session, member):
        attendance_check_in(session=session, member=member)
        attendees = session_attendee_ids(session=session)
        session.delete()
        session_attendees_activity_refresh(member_ids=attendees)
        assert months_of(member) == {0}

    def test_a_failed_write_leaves_no_trace(self, session, member):
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
        assert_rows_equal_a_rebuild()

        certificate_revoke(certificate=certificate, by=staff, reason="Cấp nhầm")
        assert CoverageFact.objects.get(member=member).certified_from is None
        assert_rows_equal_a_rebuild()

    def test_completing_the_last_lesson(self, site_pages, member):
        course = course_page(title="Một bài học", min_sessions=0)
        lesson = lesson_page(course)
        enrolment_create(member=member, course=course)
        lesson_complete(member=member, lesson=lesson)
        assert CourseCompletion.objects.filter(member=member, course=course).exists()
        today = timezone.localdate()
        assert months_of(member) == {bit(today.year, today.month)}
        assert_rows_equal_a_rebuild()

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
        assert_rows_equal_a_rebuild()

    def test_team_moved_to_another_hamlet_in_the_admin(self, client, member, site_pages):
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
        assert_rows_equal_a_rebuild()


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
