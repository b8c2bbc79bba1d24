"""The support log in the scale data: realistic amounts, valid rows, indicators and months
that the support report reads (on SQLite through bulk_create, on PostgreSQL through COPY)."""

import datetime

import pytest
from django.db.models import Count, F, Q, Sum
from django.test import TestCase

from lms.accounts.scoping import Scope
from lms.reports.periods import period_parse
from lms.reports.selectors import report_params, support_report
from lms.scale.generator import generate
from lms.scale.generator.presets import FIRST_DAY, LAST_DAY
from lms.scale.generator.support import SUPPORT_PER_TEAM_YEAR
from teams.models import CommunityTeam, Hamlet, Ward
from teams.support.choices import OUTCOMES, IndicatorKind, MonthStatus
from teams.support.models import AreaIndicator, SupportRecord, WardMonth

from .conftest import small_units


class SupportScaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from lms.demo import seed_site

        seed_site()
        cls.province = small_units()
        cls.stats = generate(preset="small", seed=1)

    def test_about_40_records_per_team_and_year(self):
        teams = CommunityTeam.objects.filter(ward__province=self.province)
        team_years = sum(((LAST_DAY - max(t.founded_on, FIRST_DAY)).days + 1) / 365 for t in teams)
        per_team_year = SupportRecord.objects.count() / team_years
        assert 0.75 * SUPPORT_PER_TEAM_YEAR < per_team_year < 1.25 * SUPPORT_PER_TEAM_YEAR
        assert self.stats.counts["support.SupportRecord"] == SupportRecord.objects.count()

    def test_records_are_valid(self):
        records = SupportRecord.objects.all()
        assert not records.exclude(ward_id=F("team__ward_id")).exists()
        assert not records.exclude(hamlet_id=F("team__hamlet_id")).exists()
        assert not records.filter(Q(date__lt=FIRST_DAY) | Q(date__gt=LAST_DAY)).exists()
        assert not records.filter(date__lt=F("team__founded_on")).exists()
        for name, _label in OUTCOMES:
            assert not records.filter(**{f"{name}__gt": F("people")}).exists(), name
        assert records.filter(people__gt=1).exists() and records.filter(is_tally=True).exists()
        assert records.aggregate(n=Sum("portal_account"))["n"] > 0

    def test_some_teams_fall_silent(self):
        last = dict(
            SupportRecord.objects.values_list("team_id")
            .annotate(last=Count("id"))
            .values_list("team_id", "last")
        )
        assert len(last) == CommunityTeam.objects.filter(ward__province=self.province).count()

    def test_indicators_for_every_ward_and_most_hamlets(self):
        wards = Ward.objects.filter(hamlets__isnull=False).distinct()
        for year in (2025, 2026):
            figures = AreaIndicator.objects.filter(
                hamlet__isnull=True, year=year, month=0, kind=IndicatorKind.ADULTS
            )
            assert figures.count() == wards.count()
        hamlets = Hamlet.objects.filter(ward__in=wards).count()
        with_figure = AreaIndicator.objects.filter(
            hamlet__isnull=False, year=2026, kind=IndicatorKind.HOUSEHOLDS
        ).count()
        assert 0.9 * hamlets <= with_figure <= hamlets
        for ward in wards:
            own = AreaIndicator.objects.get(
                ward=ward, hamlet=None, year=2026, month=0, kind=IndicatorKind.ADULTS
            ).value
            hamlet_sum = AreaIndicator.objects.filter(
                ward=ward, hamlet__isnull=False, year=2026, kind=IndicatorKind.ADULTS
            ).aggregate(n=Sum("value"))["n"]
            assert own >= hamlet_sum

    def test_ward_months_mostly_submitted_and_approved_some_late(self):
        months = WardMonth.objects.all()
        assert months.exists()
        assert not months.filter(status=MonthStatus.OPEN).exists()
        assert not months.filter(status=MonthStatus.APPROVED, approved_at__isnull=True).exists()
        assert not months.filter(teams_reporting__gt=F("teams_expected")).exists()
        assert months.filter(status=MonthStatus.APPROVED).count() > months.count() / 2
        late = [m for m in months if m.submitted_at.day > 5]
        assert 0 < len(late) < months.count() / 2
        assert months.filter(month__gte=LAST_DAY.replace(day=1)).count() == 0

    def test_the_support_report_reads_it(self):
        params = report_params(
            scope=Scope(everything=True),
            period=period_parse("2026"),
            province_id=self.province.pk,
        )
        report = support_report(params=params)
        people = SupportRecord.objects.filter(date__year=2026).aggregate(n=Sum("people"))["n"]
        assert report.totals["people"] == people == sum(row["people"] for row in report.rows)
        assert report.totals["adults"] is None or report.totals["adults"] > 0
        assert len(report.extra["months"]) == 11
        assert report.totals["reports_submitted"] > 0
        assert report.extra["lowest"]


@pytest.mark.django_db
def test_same_seed_same_support_data(scale_units):
    from django.db import transaction

    counts = []
    for _n in range(2):
        with transaction.atomic():
            generate(preset="small", seed=5)
            counts.append(
                (
                    SupportRecord.objects.aggregate(n=Sum("people"))["n"],
                    AreaIndicator.objects.aggregate(n=Sum("value"))["n"],
                    WardMonth.objects.filter(status=MonthStatus.APPROVED).count(),
                    SupportRecord.objects.filter(date=datetime.date(2026, 3, 3)).count(),
                )
            )
            transaction.set_rollback(True)
    assert counts[0] == counts[1]


class SupportBenchmarkTests(TestCase):
    """The benchmark scenarios run on the small preset and leave nothing behind."""

    @classmethod
    def setUpTestData(cls):
        from lms.demo import seed_site

        seed_site()
        cls.province = small_units()
        generate(preset="small", seed=2)

    def test_report_scenarios_compare_with_the_floor(self):
        from lms.scale.bench import support_scenarios

        results = support_scenarios(
            ["support_national", "support_province"], repeat=2, province_id=self.province.pk
        )
        for name in ("support_national", "support_province"):
            result = results[name]
            assert result.floor_ms > 0 and result.ratio > 0
            assert result.queries == 1

    def test_entry_post_is_rolled_back(self):
        from lms.scale.bench import bench_support_entry

        before = SupportRecord.objects.count()
        result = bench_support_entry(repeat=3)
        assert "302" not in result.note and result.median_ms > 0, result.note
        assert SupportRecord.objects.count() == before


@pytest.mark.django_db
def test_the_load_builds_the_report_facts(scale_units):
    from lms.reports.models import SupportFact, SupportTeamFact

    generate(preset="small", seed=4)
    assert (
        SupportFact.objects.aggregate(n=Sum("people"))["n"]
        == (SupportRecord.objects.aggregate(n=Sum("people"))["n"])
    )
    assert SupportTeamFact.objects.count() == (
        SupportRecord.objects.values("team_id").distinct().count()
    )
