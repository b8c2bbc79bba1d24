"""The coverage report with a course or topic filter reads ``CoverageFact`` joined to the chosen
courses' ``LearnerCourseFact`` rows in one statement, and gives the ORM's figures on the source
tables at every level, for whole and part months, with a team level, and with certificates that
have a gap. That the services keep the per-course rows in step is in ``test_activity_facts.py``.
"""

import dataclasses

import pytest

from lms.reports.models import LearnerCourseFact
from lms.reports.periods import Period, period_parse
from lms.reports.selectors import coverage, coverage_report, report_params
from teams.services import membership_join
from tests.factories.reports import CertificateFactory

from .test_activity_figures import EVERYTHING, PERIODS, D, bit, figures


def exact(monkeypatch, **kwargs):
    """The report computed from the source tables only."""
    with monkeypatch.context() as patch:
        patch.setattr(coverage, "course_facts_apply", lambda params: False)
        return coverage_report(params=report_params(scope=EVERYTHING, **kwargs))


def units(dataset):
    return (
        {},
        {"province_id": dataset.p.pk},
        {"province_id": dataset.p.pk, "ward_id": dataset.w1.pk},
    )


def filters(dataset):
    return (
        {"course_id": dataset.c1.pk},
        {"course_id": dataset.c2.pk},
        {"topic_id": dataset.topic_a.pk},
        {"topic_id": dataset.topic_b.pk},
        {"course_id": dataset.c1.pk, "topic_id": dataset.topic_b.pk},  # nothing matches both
    )


@pytest.mark.django_db
def test_the_per_course_rows_hold_what_each_person_did(dataset):
    """m1 attended c1 on 10 August 2026 and holds its certificate from 15 August; m3 completed
    c1 on 1 August and holds an expired c2 certificate; m6 attended c2 in June (and was excused
    in September) and holds a c2 certificate from 2 September."""
    rows = {
        (row.member_id, row.course_id): row
        for row in LearnerCourseFact.objects.filter(member__in=[dataset.m1, dataset.m3, dataset.m6])
    }
    m1 = rows[dataset.m1.pk, dataset.c1.pk]
    assert (m1.trained_months, m1.certified_from, m1.enrolled_on) == (
        bit(2026, 8),
        D(2026, 8, 15),
        D(2026, 7, 5),
    )
    m3 = rows[dataset.m3.pk, dataset.c1.pk]
    assert (m3.trained_months, m3.completed_on) == (bit(2026, 8), D(2026, 8, 1))
    assert rows[dataset.m3.pk, dataset.c2.pk].certified_until == D(2026, 1, 1)
    m6 = rows[dataset.m6.pk, dataset.c2.pk]
    assert (m6.trained_months, m6.certified_from) == (bit(2026, 6), D(2026, 9, 2))


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS[1:7], ids=lambda p: f"{p.start}_{p.end}")
def test_course_and_topic_filters_agree_with_the_sources(dataset, monkeypatch, period):
    for unit in units(dataset):
        for chosen in filters(dataset):
            fast = coverage_report(
                params=report_params(scope=EVERYTHING, period=period, **unit, **chosen)
            )
            slow = exact(monkeypatch, period=period, **unit, **chosen)
            assert figures(fast) == figures(slow), (period, unit, chosen)


@pytest.mark.django_db
@pytest.mark.parametrize("team_level", ["ward", "hamlet"])
def test_with_a_team_level_too(dataset, monkeypatch, team_level):
    period = period_parse("2026")
    for unit in units(dataset):
        for chosen in filters(dataset):
            kwargs = {"period": period, "team_level": team_level, **unit, **chosen}
            fast = coverage_report(params=report_params(scope=EVERYTHING, **kwargs))
            assert figures(fast) == figures(exact(monkeypatch, **kwargs)), (unit, chosen)


@pytest.mark.django_db
def test_a_person_in_two_teams_and_a_later_certificate(dataset, monkeypatch):
    """m1 also joins the commune-level team; m2 (whose c1 certificate was revoked) gets a c1
    certificate from January 2026: the course figures still match the sources, and m2 is
    certified in c1 in 2026-q1 but not in 2025-q3."""
    membership_join(member=dataset.m1, team=dataset.tw)
    CertificateFactory(holder=dataset.m2, course=dataset.c1, issued_on=D(2026, 1, 1))
    row = LearnerCourseFact.objects.get(member=dataset.m2, course=dataset.c1)
    assert row.certified_from == D(2026, 1, 1)
    for code in ("2025-q3", "2026-q1", "2026"):
        for unit in units(dataset):
            for chosen in filters(dataset):
                kwargs = {"period": period_parse(code), **unit, **chosen}
                fast = coverage_report(params=report_params(scope=EVERYTHING, **kwargs))
                assert figures(fast) == figures(exact(monkeypatch, **kwargs)), (code, chosen)
    ward = report_params(
        scope=EVERYTHING,
        period=period_parse("2025-q3"),
        province_id=dataset.p.pk,
        ward_id=dataset.w1.pk,
        course_id=dataset.c1.pk,
    )
    assert {r["unit_id"]: r["certified"] for r in coverage_report(params=ward).rows}[
        dataset.h1.pk
    ] == 0
    ward = dataclasses.replace(ward, period=period_parse("2026-q1"))
    assert {r["unit_id"]: r["certified"] for r in coverage_report(params=ward).rows}[
        dataset.h1.pk
    ] == 1


@pytest.mark.django_db
def test_one_statement_for_a_course_or_topic(dataset, django_assert_num_queries):
    for unit in units(dataset):
        for chosen in filters(dataset):
            params = report_params(scope=EVERYTHING, period=period_parse("2026"), **unit, **chosen)
            with django_assert_num_queries(1):
                coverage_report(params=params)


@pytest.mark.django_db
def test_a_period_outside_the_window_reads_the_sources(dataset, django_assert_num_queries):
    params = report_params(
        scope=EVERYTHING, period=Period(start=D(2024, 1, 1), end=D(2024, 12, 31))
    )
    params = report_params(scope=EVERYTHING, period=params.period, course_id=dataset.c1.pk)
    with django_assert_num_queries(6):
        report = coverage_report(params=params)
    assert report.totals["trained"] == 0
