"""``StaffingFact``, the rows behind the staffing report (``lms.reports.staffing_facts``): the
report's one statement over them gives the ORM's figures on the source tables at every level
and with a team level, people in two teams included; and every service that changes what they
copy leaves them equal to a rebuild.
"""

import datetime

import pytest

from certificates.services import certificate_issue, certificate_revoke
from lms.reports.models import StaffingFact
from lms.reports.periods import period_parse as _period
from lms.reports.selectors import report_params, staffing, staffing_report
from lms.reports.staffing_facts import ROLE_BITS, staffing_facts_rebuild
from lms.reports.staffing_sql import AGE_LIMITS, FIGURE_KEYS
from teams.choices import Gender, TeamRole
from teams.services import member_update, membership_join, membership_leave, team_dissolve
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.courses import course_page
from tests.factories.reports import CompletionFactory, TopicFactory

from .test_activity_figures import EVERYTHING

FIELDS = [f.attname for f in StaffingFact._meta.concrete_fields]


def rows():
    return set(StaffingFact.objects.values_list(*FIELDS))


def assert_rows_equal_a_rebuild():
    before = rows()
    staffing_facts_rebuild()
    assert rows() == before


def exact(monkeypatch, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(staffing, "staffing_facts_apply", lambda params: False)
        return staffing_report(params=report_params(scope=EVERYTHING, **kwargs))


def figures(report):
    return (
        [dict(row) for row in report.rows],
        dict(report.totals),
        report.extra["topics"],
    )


def units(dataset):
    return (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    )


def test_the_statement_knows_every_figure_the_report_shows():
    """The figure keys of the statement are the report's columns; the age limits its bands."""
    assert [(key, lo, hi) for key, _label, lo, hi in staffing.AGE_BANDS] == AGE_LIMITS
    columns = [key for _group, cols in staffing.staffing_columns() for key, _l in cols]
    assert FIGURE_KEYS == ["members", *columns, "certified"]
    assert sorted(ROLE_BITS.values()) == [1, 2, 4]


@pytest.mark.django_db
def test_facts_and_sources_agree_at_every_level(dataset, monkeypatch):
    for period in ("2026", "2026-q3", "2025"):
        for unit in units(dataset):
            for level in ("", "ward", "hamlet"):
                kwargs = {"period": _period(period), "team_level": level, **unit}
                fast = staffing_report(params=report_params(scope=EVERYTHING, **kwargs))
                assert figures(fast) == figures(exact(monkeypatch, **kwargs)), kwargs


@pytest.mark.django_db
def test_people_in_two_teams_count_once_per_unit_and_role(dataset, monkeypatch):
    """m1, leader of the Khu vực 1 team, also joins the commune-level team as a plain member,
    and m6 (Vị Thanh) joins it as deputy: ward 31333 then has five members (m1 once), one
    leader, three plain members (m1 among them) and two deputies (m3, m6); m6 counts in both
    wards of the province, and once in the province nationally."""
    membership_join(member=dataset.m1, team=dataset.tw, role=TeamRole.MEMBER)
    membership_join(member=dataset.m6, team=dataset.tw, role=TeamRole.DEPUTY)
    m1_rows = StaffingFact.objects.filter(member=dataset.m1)
    first = m1_rows.get(first_in_ward=True)
    assert first.roles_in_ward == ROLE_BITS["leader"] | ROLE_BITS["member"]
    province = staffing_report(
        params=report_params(scope=EVERYTHING, period=_period("2026"), province_id=dataset.p.pk)
    )
    w1 = {row["unit_id"]: row for row in province.rows}[dataset.w1.pk]
    assert (w1["members"], w1["role_leader"], w1["role_member"], w1["role_deputy"]) == (5, 1, 3, 2)
    national = staffing_report(params=report_params(scope=EVERYTHING, period=_period("2026")))
    p = {row["unit_id"]: row for row in national.rows}[dataset.p.pk]
    assert p["members"] == 5
    for unit in units(dataset):
        for level in ("", "ward"):
            kwargs = {"period": _period("2026"), "team_level": level, **unit}
            fast = staffing_report(params=report_params(scope=EVERYTHING, **kwargs))
            assert figures(fast) == figures(exact(monkeypatch, **kwargs)), kwargs


@pytest.mark.django_db
def test_one_statement_at_every_level(dataset, django_assert_num_queries):
    for unit in units(dataset):
        params = report_params(scope=EVERYTHING, period=_period("2026"), **unit)
        with django_assert_num_queries(1):
            report = staffing_report(params=params)
        assert report.totals["members"] == (4 if "ward_id" in unit else 5)


@pytest.mark.django_db
def test_a_course_filter_reads_the_sources(dataset, django_assert_num_queries):
    params = report_params(scope=EVERYTHING, period=_period("2026"), course_id=dataset.c1.pk)
    with django_assert_num_queries(5):
        report = staffing_report(params=params)
    assert report.totals["certified"] == 1  # m1's c1 certificate


@pytest.mark.django_db
class ServiceTests:
    def test_member_update_moves_the_figures(self, dataset):
        member_update(member=dataset.m1, gender=Gender.MALE, date_of_birth=None)
        fact = StaffingFact.objects.get(member=dataset.m1)
        assert (fact.gender, fact.date_of_birth) == (Gender.MALE, None)
        assert_rows_equal_a_rebuild()

    def test_join_leave_dissolve(self, dataset):
        second = membership_join(member=dataset.m1, team=dataset.tw, role=TeamRole.DEPUTY)
        assert StaffingFact.objects.filter(member=dataset.m1).count() == 2
        assert_rows_equal_a_rebuild()
        membership_leave(membership=dataset.m1.memberships.exclude(pk=second.pk).get())
        assert StaffingFact.objects.get(member=dataset.m1).roles_in_ward == ROLE_BITS["deputy"]
        assert_rows_equal_a_rebuild()
        team_dissolve(team=dataset.tw)
        assert not StaffingFact.objects.filter(member=dataset.m1).exists()
        assert_rows_equal_a_rebuild()

    def test_certificate_issue_and_revoke(self, dataset, site_pages, django_user_model):
        topic = TopicFactory(name="Chủ đề mới", slug="chu-de-moi")
        course = course_page(
            title="Kỹ năng số", certificate_template=CertificateTemplateFactory(), min_sessions=0
        )
        course.topics.set([topic])
        course.save()
        CompletionFactory(member=dataset.m5, course=course, completed_on=datetime.date(2026, 3, 2))
        staff = django_user_model.objects.create_user(username="canbo", password="x")
        certificate = certificate_issue(member=dataset.m5, course=course, by=staff)
        fact = StaffingFact.objects.get(member=dataset.m5)
        assert fact.certified_from == certificate.issued_on
        assert_rows_equal_a_rebuild()
        today = report_params(scope=EVERYTHING, province_id=dataset.p.pk)
        row = {r["unit_id"]: r for r in staffing_report(params=today).rows}[dataset.w1.pk]
        assert row[f"topic_{topic.pk}"] == 1
        certificate_revoke(certificate=certificate, by=staff, reason="Cấp nhầm")
        assert StaffingFact.objects.get(member=dataset.m5).certified_from is None
        row = {r["unit_id"]: r for r in staffing_report(params=today).rows}[dataset.w1.pk]
        assert row[f"topic_{topic.pk}"] == 0
        assert_rows_equal_a_rebuild()
