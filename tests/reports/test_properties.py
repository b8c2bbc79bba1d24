"""Properties on a generated data set: the levels add up, and the query count is fixed."""

import datetime
import random

import pytest

from lms.accounts.scoping import Scope
from lms.reports.periods import period_parse
from lms.reports.selectors import (
    COVERAGE_COUNTS,
    activity_report,
    coverage_report,
    report_params,
    staffing_report,
)
from teams.choices import Gender, TeamLevel, TeamRole
from tests.factories.reports import (
    AttendanceFactory,
    CertificateFactory,
    CompletionFactory,
    SessionFactory,
    course_create,
)
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)

from .conftest import at

YEAR = period_parse("2026")
EVERYTHING = Scope(everything=True)


def generate(*, provinces=3, wards=3, seed=7):
    """Provinces × wards × 1-4 hamlets, most with a team of 1-4 members; some commune-level
    teams; attendance, completions and certificates at random."""
    rng = random.Random(seed)
    course = course_create(title="Khóa học sinh tự động", code=f"GEN-{seed}")
    for p in range(provinces):
        province = ProvinceFactory(code=f"{40 + p}")
        for w in range(wards):
            ward = WardFactory(code=f"{40 + p}{w:03d}", province=province)
            session = SessionFactory(
                organiser_province=province,
                organiser_ward=ward if rng.random() < 0.7 else None,
                course=course,
                starts_at=at(2026, rng.randint(1, 10), rng.randint(1, 28)),
            )
            teams = []
            for _h in range(rng.randint(1, 4)):
                hamlet = HamletFactory(ward=ward)
                if rng.random() < 0.75:
                    teams.append(TeamFactory(hamlet=hamlet))
            if rng.random() < 0.3:
                teams.append(TeamFactory(hamlet=None, ward=ward, level=TeamLevel.WARD))
            for team in teams:
                for _m in range(rng.randint(1, 4)):
                    member = MemberFactory(
                        ward=ward,
                        gender=rng.choice(Gender.values),
                        date_of_birth=datetime.date(rng.randint(1950, 2005), 1, 1),
                    )
                    MembershipFactory(member=member, team=team, role=rng.choice(TeamRole.values))
                    if rng.random() < 0.5:
                        AttendanceFactory(
                            session=session,
                            member=member,
                            status=rng.choice(["present", "late", "absent", ""]),
                        )
                    if rng.random() < 0.3:
                        CompletionFactory(
                            member=member, course=course, completed_on=datetime.date(2026, 5, 5)
                        )
                    if rng.random() < 0.3:
                        CertificateFactory(
                            holder=member, course=course, issued_on=datetime.date(2026, 5, 6)
                        )


def assert_rows_add_up(selector, keys):
    national = selector(params=report_params(scope=EVERYTHING, period=YEAR))
    assert national.rows
    for province_row in national.rows:
        province = selector(
            params=report_params(scope=EVERYTHING, period=YEAR, province_id=province_row["unit_id"])
        )
        for key in keys:
            assert province.totals[key] == province_row[key], key
        for ward_row in province.rows:
            if ward_row["unit_id"] is None:
                continue
            ward = selector(
                params=report_params(
                    scope=EVERYTHING,
                    period=YEAR,
                    province_id=province_row["unit_id"],
                    ward_id=ward_row["unit_id"],
                )
            )
            for key in keys:
                assert ward.totals[key] == ward_row[key], key
    for key in keys:
        assert national.totals[key] == sum(row[key] for row in national.rows)
    return national


@pytest.mark.django_db
class SumPropertyTests:
    def test_coverage_wards_add_up_to_province_and_provinces_to_country(self):
        generate()
        national = assert_rows_add_up(coverage_report, COVERAGE_COUNTS)
        assert national.totals["members"] > 0
        assert national.totals["trained"] > 0
        assert national.totals["certified"] > 0

    def test_staffing_adds_up(self):
        generate(seed=11)
        keys = ["members", "role_leader", "gender_female", "age_60", "qual_none", "certified"]
        assert_rows_add_up(staffing_report, keys)

    def test_activity_sessions_add_up(self):
        generate(seed=5)
        national = activity_report(params=report_params(scope=EVERYTHING, period=YEAR))
        for row in national.rows:
            province = activity_report(
                params=report_params(scope=EVERYTHING, period=YEAR, province_id=row["unit_id"])
            )
            for key in ("sessions", "invited", "attended"):
                assert province.totals[key] == row[key]


def build_wards(n):
    province = ProvinceFactory(code="60")
    course = course_create(title="Khóa học đếm truy vấn", code="QC-01")
    for w in range(n):
        ward = WardFactory(code=f"60{w:03d}", province=province)
        team = TeamFactory(hamlet=HamletFactory(ward=ward))
        member = MemberFactory(ward=ward)
        MembershipFactory(member=member, team=team)
        session = SessionFactory(organiser_province=province, organiser_ward=ward, course=course)
        AttendanceFactory(session=session, member=member)
        CertificateFactory(holder=member, course=course)
    return province


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize(
    ("selector", "queries"),
    [(coverage_report, 1), (staffing_report, 1), (activity_report, 1)],
)
def test_query_count_does_not_grow_with_rows(django_assert_num_queries, n, selector, queries):
    province = build_wards(n)
    params = report_params(scope=EVERYTHING, period=YEAR, province_id=province.pk)
    with django_assert_num_queries(queries):
        report = selector(params=params)
    assert len([row for row in report.rows if row["unit_id"]]) == n
