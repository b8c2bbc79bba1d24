"""``CoverageFact``, the rows behind the coverage report (``lms.reports.activity``): the
report's one statement over these rows gives the same figures as the ORM on the source tables
(every level, whole-month, part-month and cross-year periods, team level and gap filters,
certificates with gaps). That the services keep the rows in step is in
``test_activity_services.py``.
"""

import datetime

import pytest

from lms.accounts.scoping import Scope
from lms.reports.activity import certification_span, month_index
from lms.reports.models import CoverageFact
from lms.reports.periods import Period, period_parse
from lms.reports.selectors import (
    activity_applies,
    coverage,
    coverage_report,
    period_month_masks,
    report_params,
)
from teams.services import membership_join
from tests.factories.reports import CertificateFactory

EVERYTHING = Scope(everything=True)
D = datetime.date
KEYS = ("hamlets", "hamlets_covered", "teams", "members", "trained", "certified")


def figures(report):
    rows = {row["name"]: tuple(row[key] for key in KEYS) for row in report.rows}
    return rows, tuple(report.totals[key] for key in KEYS)


def exact(monkeypatch, **kwargs):
    """The report computed from the source tables only."""
    with monkeypatch.context() as patch:
        patch.setattr(coverage, "activity_applies", lambda params: False)
        return coverage_report(params=report_params(scope=EVERYTHING, **kwargs))


def bit(year, month):
    return 1 << month_index(year, month)


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
        assert activity_applies(report_params(scope=EVERYTHING, period=year))
        assert not activity_applies(report_params(scope=EVERYTHING, period=year, course_id=1))
        assert not activity_applies(report_params(scope=EVERYTHING, period=year, topic_id=1))
        across = Period(start=D(2025, 12, 1), end=D(2026, 1, 31))
        assert activity_applies(report_params(scope=EVERYTHING, period=across))
        before = Period(start=D(2024, 12, 1), end=D(2025, 1, 31))
        assert not activity_applies(report_params(scope=EVERYTHING, period=before))


# -- the report reads the same figures from the coverage rows as from the sources -------------


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
def test_rows_and_sources_agree_at_every_level(dataset, monkeypatch, period):
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
def test_rows_and_sources_agree_with_filters(dataset, monkeypatch, filters):
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
    with django_assert_num_queries(1):  # the per-course rows answer a course filter too
        coverage_report(params=by_course)
