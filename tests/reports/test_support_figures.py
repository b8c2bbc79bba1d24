"""The support report on hand-made data: every definition, worked out by hand.

On top of ``dataset`` (tests/reports/conftest.py): in ward 31333 (Phường Vị Tân) teams t1 (Khu
vực 1), t2 (Khu vực 2), tw (commune level) and t3 (dissolved); in 31321 (Phường Vị Thanh) t5;
province 93 has ward 31400 with no team. Period 2026-q3, "today" 20/10/2026.

Records in the period (people; skills; outcomes):
  r1 t1 10/07  1  public services     dossier_self 1, portal 1
  r9 t2 01/07 10  online shopping     bhvs 3 (a day's tally)
  r2 t1 05/08 20  VNeID, safety       vneid 15, level 2 10, fraud warning 20
  r5 t5 20/08  2  public services     dossier_proxy 2, portal 1
  r4 tw 12/09  5  cashless            cashless 4
  r3 t2 30/09  3  public services     dossier_self 1, dossier_proxy 2, portal 2
Outside it: r6 t1 30/06 (7 people, 7 self-filed), r7 t5 01/10 (4 people).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.accounts.scoping import Scope
from lms.reports.periods import period_parse
from lms.reports.selectors import report_params, support_report
from teams.support.choices import IndicatorKind, MonthStatus
from teams.support.models import AreaIndicator, WardMonth
from tests.factories.support import SupportRecordFactory
from tests.factories.teams import HamletFactory, ProvinceFactory, TeamFactory, WardFactory

TODAY = datetime.date(2026, 10, 20)


def local(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("lms.reports.selectors.support._today", lambda: TODAY)


@pytest.fixture
def support(dataset):
    d = dataset
    rec = SupportRecordFactory
    rec(
        team=d.t1,
        date=datetime.date(2026, 7, 10),
        skill_public_services=True,
        dossier_self=1,
        portal_account=1,
    )
    rec(
        team=d.t2,
        date=datetime.date(2026, 7, 1),
        people=10,
        is_tally=True,
        skill_online_shopping=True,
        bhvs_enrolled=3,
    )
    rec(
        team=d.t1,
        date=datetime.date(2026, 8, 5),
        people=20,
        place="class",
        skill_vneid=True,
        skill_online_safety=True,
        vneid_installed=15,
        vneid_level2=10,
        fraud_warning=20,
    )
    rec(
        team=d.t5,
        date=datetime.date(2026, 8, 20),
        people=2,
        skill_public_services=True,
        dossier_proxy=2,
        portal_account=1,
    )
    rec(team=d.tw, date=datetime.date(2026, 9, 12), people=5, skill_cashless=True, cashless_setup=4)
    rec(
        team=d.t2,
        date=datetime.date(2026, 9, 30),
        people=3,
        skill_public_services=True,
        dossier_self=1,
        dossier_proxy=2,
        portal_account=2,
    )
    rec(team=d.t1, date=datetime.date(2026, 6, 30), people=7, dossier_self=7)
    rec(team=d.t5, date=datetime.date(2026, 10, 1), people=4)

    def indicator(ward, value, hamlet=None, year=2026, month=0, kind=IndicatorKind.ADULTS):
        AreaIndicator.objects.create(
            ward=ward, hamlet=hamlet, year=year, month=month, kind=kind, value=value
        )

    indicator(d.w1, 2000)
    indicator(d.w1, 9999, year=2025)  # another year
    indicator(d.w1, 7777, month=3)  # a month's figure, not the year's
    indicator(d.w1, 600, kind=IndicatorKind.HOUSEHOLDS)
    indicator(d.w1, 500, hamlet=d.h1)
    indicator(d.w2, 800, hamlet=d.h5)  # a hamlet of 31321, which has no ward figure
    indicator(d.w3, 1000)

    WardMonth.objects.create(
        ward=d.w1,
        month=datetime.date(2026, 7, 1),
        status=MonthStatus.APPROVED,
        submitted_at=local(2026, 8, 3),
        approved_at=local(2026, 8, 4),
    )
    WardMonth.objects.create(
        ward=d.w1,
        month=datetime.date(2026, 8, 1),
        status=MonthStatus.SUBMITTED,
        submitted_at=local(2026, 9, 10),  # after 05/09: late
    )
    WardMonth.objects.create(
        ward=d.w2,
        month=datetime.date(2026, 7, 1),
        status=MonthStatus.SUBMITTED,
        submitted_at=local(2026, 8, 5, 23),  # the last evening of the deadline day
    )
    WardMonth.objects.create(ward=d.w2, month=datetime.date(2026, 8, 1))  # open
    return d


def run(**kwargs):
    params = report_params(scope=Scope(everything=True), period=period_parse("2026-q3"), **kwargs)
    return support_report(params=params)


def by_code(report):
    return {row["code"]: row for row in report.rows}


@pytest.mark.django_db
class SupportFigureTests:
    def test_citizens_helped_per_skill_and_outcome(self, support):
        report = run(province_id=support.p.pk)
        w1, w2 = by_code(report)["31333"], by_code(report)["31321"]
        assert (w1["records"], w1["people"]) == (5, 39)
        assert w1["skill_public_services"] == 4  # r1 1 + r3 3 people
        assert (w1["skill_vneid"], w1["skill_online_safety"]) == (20, 20)
        assert (w1["skill_cashless"], w1["skill_online_shopping"]) == (5, 10)
        assert w1["skill_local_platforms"] == 0
        assert (w1["vneid_installed"], w1["vneid_level2"], w1["fraud_warning"]) == (15, 10, 20)
        assert (w1["cashless_setup"], w1["bhvs_enrolled"], w1["portal_account"]) == (4, 3, 3)
        assert (w2["records"], w2["people"], w2["dossier_proxy"]) == (1, 2, 2)
        assert report.totals["people"] == 41  # r6 (June) and r7 (October) are outside

    def test_self_filing_rate_is_empty_without_dossiers_never_zero(self, support):
        rows = by_code(run(province_id=support.p.pk))
        assert rows["31333"]["self_filing_pct"] == 50.0  # 2 self / (2 + 2)
        assert rows["31321"]["self_filing_pct"] == 0.0  # 0 self / (0 + 2): a real 0 %
        national = by_code(run())
        assert national["93"]["self_filing_pct"] is None  # no dossier at all
        assert run(province_id=support.p.pk).totals["self_filing_pct"] == 33.3  # 2 / 6

    def test_portal_accounts_per_1000_adults_only_with_the_units_own_figure(self, support):
        report = run(province_id=support.p.pk)
        rows = by_code(report)
        assert rows["31333"]["adults"] == 2000  # not 9999 (2025), 7777 (March), 600, 500
        assert rows["31333"]["portal_per_1000"] == 1.5  # 3 / 2000 × 1000
        # 31321 has only a hamlet figure: it does not stand in for the ward's.
        assert rows["31321"]["adults"] is None
        assert rows["31321"]["portal_per_1000"] is None
        assert report.totals["adults"] is None  # one ward without a figure: no province rate
        national = by_code(run())
        assert national["92"]["adults"] is None
        assert (national["93"]["adults"], national["93"]["portal_per_1000"]) == (1000, 0.0)

    def test_province_denominator_is_the_sum_of_its_wards_once_all_have_one(self, support):
        AreaIndicator.objects.create(
            ward=support.w2, year=2026, month=0, kind=IndicatorKind.ADULTS, value=1500
        )
        national = by_code(run())
        assert national["92"]["adults"] == 3500
        assert national["92"]["portal_per_1000"] == 1.1  # 4 / 3500 × 1000 = 1.14
        assert run().totals["adults"] == 4500

    def test_ward_breakdown_by_hamlet_with_the_wards_own_figure_in_the_total(self, support):
        report = run(ward_id=support.w1.pk)
        rows = {row["name"]: row for row in report.rows}
        h1, h2 = rows["Thôn Khu vực 1"], rows["Thôn Khu vực 2"]
        assert (h1["records"], h1["people"], h1["portal_per_1000"]) == (2, 21, 2.0)
        assert (h2["people"], h2["adults"], h2["portal_per_1000"]) == (13, None, None)
        assert rows["Thôn Khu vực 3"]["people"] == 0
        own = rows["Tổ cấp xã, phường"]
        assert (own["people"], own["teams"], own["cashless_setup"]) == (5, 1, 4)
        assert report.totals["people"] == 39
        assert report.totals["adults"] == 2000  # the ward's figure, not the hamlets' 500
        assert report.totals["portal_per_1000"] == 1.5

    def test_ward_rows_add_up_to_the_province(self, support):
        national = by_code(run())
        province = run(province_id=support.p.pk)
        for key in (
            "records",
            "people",
            "skill_vneid",
            "portal_account",
            "dossier_self",
            "dossier_proxy",
            "teams",
            "silent_teams",
            "reports_expected",
            "reports_submitted",
            "reports_on_time",
            "reports_approved",
        ):
            wards = sum(row[key] for row in province.rows)
            assert wards == province.totals[key] == national["92"][key], key
        ward = run(ward_id=support.w1.pk)
        assert ward.totals["people"] == by_code(province)["31333"]["people"]

    def test_teams_per_team_and_silent_teams(self, support):
        rows = by_code(run(province_id=support.p.pk))
        assert rows["31333"]["teams"] == 3  # t1, t2, tw; t3 is dissolved
        assert rows["31333"]["people_per_team"] == 13.0  # 39 / 3
        # Cut-off 21/08/2026: t1's last record is 05/08, the others recorded since.
        assert (rows["31333"]["silent_teams"], rows["31321"]["silent_teams"]) == (1, 0)

    def test_lowest_activity_ranks_units_with_teams_fewest_per_team_first(self, support):
        national = run()
        assert [(r["code"], r["people_per_team"]) for r in national.extra["lowest"]] == [
            ("31321", 2.0),
            ("31333", 13.0),
        ]  # 31400 has no team: per team means nothing there
        assert national.extra["lowest"][0]["parent"] == "Thành phố Cần Thơ"
        ward = run(ward_id=support.w1.pk)
        assert [r["people_per_team"] for r in ward.extra["lowest"]] == [13.0, 21.0]

    def test_monthly_trend(self, support):
        months = run(province_id=support.p.pk).extra["months"]
        assert [(m["month"], m["records"], m["people"]) for m in months] == [
            (datetime.date(2026, 7, 1), 2, 11),
            (datetime.date(2026, 8, 1), 2, 22),
            (datetime.date(2026, 9, 1), 2, 8),
        ]

    def test_completeness_of_the_monthly_reports(self, support):
        report = run(province_id=support.p.pk)
        w1, w2 = by_code(report)["31333"], by_code(report)["31321"]
        # July, August, September have ended; both wards have teams in each.
        assert (w1["reports_expected"], w1["reports_submitted"]) == (3, 2)
        assert (w1["reports_on_time"], w1["reports_approved"]) == (1, 1)  # August was late
        assert (w2["reports_submitted"], w2["reports_on_time"], w2["reports_approved"]) == (
            1,
            1,
            0,
        )
        assert (w1["teams_expected"], w1["teams_reporting"]) == (9, 5)
        totals = report.totals
        assert (totals["submitted_pct"], totals["on_time_pct"], totals["approved_pct"]) == (
            50.0,
            33.3,
            16.7,
        )
        assert run(ward_id=support.w1.pk).totals["reports_submitted"] == 2

    def test_months_not_ended_are_not_expected(self, support, monkeypatch):
        monkeypatch.setattr("lms.reports.selectors.support._today", lambda: TODAY)
        params = report_params(scope=Scope(everything=True), period=period_parse("2026-q4"))
        report = support_report(params=params)
        assert report.totals["reports_expected"] == 0
        assert report.totals["submitted_pct"] is None

    def test_scope_keeps_a_ward_officer_in_their_ward(self, support):
        params = report_params(
            scope=Scope(ward_id=support.w1.pk, province_id=support.p.pk),
            period=period_parse("2026-q3"),
        )
        report = support_report(params=params)
        assert report.level == "ward"
        assert report.totals["people"] == 39


def _province_with_wards(n):
    province = ProvinceFactory(code=f"{n:02d}", name=f"Tỉnh {n}")
    for i in range(n):
        ward = WardFactory(code=f"{n:02d}{i:03d}", province=province)
        hamlet = HamletFactory(ward=ward)
        team = TeamFactory(hamlet=hamlet)
        SupportRecordFactory(team=team, date=datetime.date(2026, 8, 1), people=3)
        AreaIndicator.objects.create(
            ward=ward, year=2026, month=0, kind=IndicatorKind.ADULTS, value=1000
        )
        WardMonth.objects.create(ward=ward, month=datetime.date(2026, 8, 1))
    return province


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["national", "province", "ward"])
def test_a_constant_number_of_queries_with_3_and_30_wards(level):
    counts, wards = [], 0
    for n in (3, 30):
        wards += n
        province = _province_with_wards(n)
        kwargs = {}
        if level == "province":
            kwargs = {"province_id": province.pk}
        elif level == "ward":
            ward = province.wards.order_by("code").first()
            kwargs = {"province_id": province.pk, "ward_id": ward.pk}
        with CaptureQueriesContext(connection) as captured:
            report = run(**kwargs)
        counts.append(len(captured))
        assert report.totals["people"] == {"national": 3 * wards, "province": 3 * n}.get(level, 3)
    # Nationally and for a province: one statement over the facts (support_one).
    expected = {"national": 1, "province": 1, "ward": 7}[level]
    assert counts == [expected, expected]


def _strip(report):
    return report.rows, report.totals, report.extra


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["national", "province"])
def test_the_facts_give_the_figures_of_the_records(support, monkeypatch, level):
    kwargs = {"province_id": support.p.pk} if level == "province" else {}
    from_facts = _strip(run(**kwargs))
    monkeypatch.setattr("lms.reports.support_sql.facts_apply", lambda params: False)
    monkeypatch.setattr("lms.reports.selectors.support.facts_apply", lambda params: False)
    assert _strip(run(**kwargs)) == from_facts


@pytest.mark.django_db
def test_facts_follow_a_correction_into_another_month_and_a_rebuild(support):
    from lms.reports.models import SupportFact, SupportTeamFact
    from lms.reports.support_facts import support_facts_rebuild
    from teams.support.services import support_record_update
    from tests.factories.accounts import AdminFactory

    record = support.t5.support_records.get(date=datetime.date(2026, 8, 20))
    support_record_update(record=record, by=AdminFactory(), date=datetime.date(2026, 9, 2))
    rows = by_code(run(province_id=support.p.pk))
    assert rows["31321"]["people"] == 2
    months = {m["month"]: m["people"] for m in run(province_id=support.p.pk).extra["months"]}
    assert months[datetime.date(2026, 8, 1)] == 20 and months[datetime.date(2026, 9, 1)] == 10
    facts = sorted(SupportFact.objects.values_list("ward_id", "month", "people", "teams"))
    teams = sorted(SupportTeamFact.objects.values_list("team_id", "last_date"))
    support_facts_rebuild()
    assert sorted(SupportFact.objects.values_list("ward_id", "month", "people", "teams")) == facts
    assert sorted(SupportTeamFact.objects.values_list("team_id", "last_date")) == teams
