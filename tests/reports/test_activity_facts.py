"""The training activity report reads ``SessionFact`` and ``LearnerCourseFact`` in one
statement and gives the ORM's figures on the source tables (every level, course and topic
filters, part-month periods); every service that changes rosters, marks, enrolments,
completions or certificates leaves those rows equal to a rebuild.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from certificates.services import certificate_issue
from courses.attendance.services import (
    attendance_check_in,
    attendance_remove,
    attendance_roll_call,
    attendance_walk_in,
    session_create,
    session_update,
)
from courses.services import enrolment_create, lesson_complete
from lms.reports.learner_facts import _facts, learner_facts_rebuild
from lms.reports.models import LearnerCourseFact, SessionFact
from lms.reports.periods import Period, period_parse
from lms.reports.selectors import activity_report, report_params
from lms.reports.selectors.training import _activity_from_sources
from lms.reports.session_facts import session_facts_rebuild
from teams.services import member_update
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page, lesson_page
from tests.factories.teams import MemberFactory, WardFactory

from .test_activity_figures import EVERYTHING, D

SESSION_FIELDS = [f.attname for f in SessionFact._meta.concrete_fields]
LEARNER_FIELDS = [f.attname for f in LearnerCourseFact._meta.concrete_fields if f.name != "id"]


def session_rows():
    return set(SessionFact.objects.values_list(*SESSION_FIELDS))


def learner_rows():
    return set(LearnerCourseFact.objects.values_list(*LEARNER_FIELDS))


def assert_rows_equal_a_rebuild():
    sessions, learners = session_rows(), learner_rows()
    session_facts_rebuild()
    learner_facts_rebuild()
    assert session_rows() == sessions
    assert learner_rows() == learners


def figures(report):
    return [dict(r) for r in report.rows], dict(report.totals), report.extra


def units(dataset):
    return (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    )


PERIODS = [
    period_parse("2026"),
    period_parse("2026-q3"),
    period_parse("2026-m8"),
    Period(start=D(2026, 8, 5), end=D(2026, 8, 12)),
    Period(start=D(2026, 6, 1), end=D(2026, 9, 1)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}_{p.end}")
def test_facts_and_sources_agree(dataset, period):
    for unit in units(dataset):
        for chosen in ({}, {"course_id": dataset.c1.pk}, {"topic_id": dataset.topic_b.pk}):
            params = report_params(scope=EVERYTHING, period=period, **unit, **chosen)
            fast = activity_report(params=params)
            assert figures(fast) == figures(_activity_from_sources(params)), (unit, chosen)


@pytest.mark.django_db
def test_known_figures(dataset):
    """2026-q3 in province 92: s1 (ward 31333, 10 Aug: 3 on the roster, m1 present, m5 late)
    and s3 (province-run, 10 Sep: m6 excused). c1: m1 and m3 enrolled, m3 completed on 1 Aug;
    c2: m6 enrolled. Certificates issued: m1 (Aug), m2 (Aug, revoked since), m6 (Sep)."""
    params = report_params(
        scope=EVERYTHING, period=period_parse("2026-q3"), province_id=dataset.p.pk
    )
    report = activity_report(params=params)
    w1 = {row["unit_id"]: row for row in report.rows}[dataset.w1.pk]
    assert (w1["sessions"], w1["invited"], w1["attended"]) == (1, 3, 2)
    assert (report.totals["sessions"], report.totals["invited"]) == (2, 4)
    courses = {c["title"]: c for c in report.extra["courses"]}
    assert (
        courses["Dịch vụ công trực tuyến"]["enrolled"],
        courses["Dịch vụ công trực tuyến"]["completed"],
    ) == (2, 1)
    assert courses["An toàn trên mạng"]["enrolled"] == 1
    assert [m["issued"] for m in report.extra["months"]] == [0, 2, 1]


@pytest.mark.django_db
def test_one_statement_at_every_level(dataset, django_assert_num_queries):
    for unit in units(dataset):
        params = report_params(scope=EVERYTHING, period=period_parse("2026"), **unit)
        with django_assert_num_queries(1):
            activity_report(params=params)


@pytest.mark.django_db
class ServiceTests:
    def test_session_roster_marks_and_removal(self, place, django_user_model):
        team, members = place
        staff = django_user_model.objects.create_user(username="giangvien", password="x")
        now = timezone.now()
        session = session_create(
            title="Buổi thử",
            venue="Nhà văn hóa",
            starts_at=now - datetime.timedelta(minutes=10),
            ends_at=now + datetime.timedelta(hours=2),
            organiser_province=team.ward.province,
            organiser_ward=team.ward,
            target_teams=[team],
        )
        assert SessionFact.objects.get(session=session).invited == 3
        assert_rows_equal_a_rebuild()
        attendance_check_in(session=session, member=members[0])
        assert SessionFact.objects.get(session=session).attended == 1
        assert_rows_equal_a_rebuild()
        row = session.attendances.get(member=members[1])
        attendance_roll_call(session=session, marks={row.pk: ("present", "")}, by=staff)
        assert SessionFact.objects.get(session=session).attended == 2
        attendance_remove(attendance=session.attendances.get(member=members[2]), by=staff)
        assert SessionFact.objects.get(session=session).invited == 2
        assert_rows_equal_a_rebuild()
        walk_in = MemberFactory(ward=team.ward, phone="0912345678")
        attendance_walk_in(session=session, phone=walk_in.phone, by=staff)
        assert SessionFact.objects.get(session=session).attended == 3
        session_update(
            session=session,
            starts_at=now - datetime.timedelta(days=40, minutes=10),
            ends_at=now - datetime.timedelta(days=40) + datetime.timedelta(hours=2),
        )
        assert SessionFact.objects.get(session=session).starts_at == session.starts_at
        assert_rows_equal_a_rebuild()

    def test_a_failed_write_leaves_no_trace(self, place):
        team, members = place
        now = timezone.now()
        with pytest.raises(RuntimeError), transaction.atomic():
            session_create(
                title="Buổi hỏng",
                venue="Nhà văn hóa",
                starts_at=now,
                ends_at=now + datetime.timedelta(hours=2),
                organiser_province=team.ward.province,
                organiser_ward=team.ward,
                target_teams=[team],
            )
            raise RuntimeError
        assert not SessionFact.objects.exists()

    def test_enrolment_completion_and_certificate(self, place, site_pages, django_user_model):
        _team, members = place
        course = course_page(
            title="Một bài", certificate_template=CertificateTemplateFactory(), min_sessions=0
        )
        lesson = lesson_page(course)
        enrolment_create(member=members[0], course=course)
        row = LearnerCourseFact.objects.get(member=members[0], course=course)
        assert row.enrolled_on == timezone.localdate()
        assert_rows_equal_a_rebuild()
        lesson_complete(member=members[0], lesson=lesson)
        assert LearnerCourseFact.objects.get(member=members[0], course=course).completed_on
        staff = django_user_model.objects.create_user(username="canbo", password="x")
        certificate_issue(member=members[0], course=course, by=staff)
        row = LearnerCourseFact.objects.get(member=members[0], course=course)
        assert row.certified_from == timezone.localdate()
        assert_rows_equal_a_rebuild()

    def test_member_moved_to_another_ward(self, place, site_pages):
        _team, members = place
        course = course_page(title="Khóa ghi danh", min_sessions=0)
        enrolment_create(member=members[0], course=course)
        other = WardFactory()
        member_update(member=members[0], ward=other)
        assert LearnerCourseFact.objects.get(member=members[0]).ward_id == other.pk
        assert_rows_equal_a_rebuild()


@pytest.mark.django_db
def test_the_rebuild_statement_equals_the_per_person_refresh(dataset):
    """On PostgreSQL the rebuild is one statement; it gives the rows the refresh computes."""
    learner_facts_rebuild()
    rebuilt = learner_rows()
    people = LearnerCourseFact.objects.values_list("member_id", flat=True).distinct()
    computed = {
        tuple(getattr(fact, name) for name in LEARNER_FIELDS) for fact in _facts(list(people))
    }
    assert rebuilt == computed
    assert len(rebuilt) >= 5
