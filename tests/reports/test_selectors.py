"""Every indicator on the hand-made data set (see conftest.py for who is who)."""

import pytest

from lms.accounts.scoping import Scope
from lms.reports.periods import period_parse
from lms.reports.selectors import (
    GAP_NO_TEAM,
    GAP_NO_TRAINED,
    activity_report,
    coverage_report,
    report_params,
    staffing_report,
)
from teams.choices import TeamLevel

Q3 = period_parse("2026-q3")
EVERYTHING = Scope(everything=True)


def params(**kwargs):
    return report_params(
        scope=kwargs.pop("scope", EVERYTHING), period=kwargs.pop("period", Q3), **kwargs
    )


def by_name(report):
    return {row["name"]: row for row in report.rows}


def figures(row, keys=("hamlets", "hamlets_covered", "teams", "members", "trained", "certified")):
    return tuple(row[key] for key in keys)


@pytest.mark.django_db
class CoverageTests:
    def test_national_rows_one_per_province(self, dataset):
        report = coverage_report(params=params())
        rows = by_name(report)
        # P: hamlets KV1-3 + KV4 (the merged one is inactive); KV1, KV2, KV4 have an active
        # team (KV3's is dissolved); teams T1, T2, commune-level, T5; members m1 m2 m3 m5 m6
        # (m4 left, m7's team is dissolved); trained in Q3: m1 (present), m5 (late), m3
        # (completed a course); certified: m1 and m6 (m2 revoked, m3 expired).
        assert figures(rows["Thành phố Cần Thơ"]) == (4, 3, 4, 5, 3, 2)
        assert figures(rows["Tỉnh Thử Hậu Giang"]) == (1, 0, 0, 0, 0, 0)
        assert figures(report.totals) == (5, 3, 4, 5, 3, 2)
        assert rows["Thành phố Cần Thơ"]["hamlets_covered_pct"] == 75.0
        assert rows["Thành phố Cần Thơ"]["trained_pct"] == 60.0
        assert rows["Thành phố Cần Thơ"]["certified_pct"] == 40.0
        assert rows["Tỉnh Thử Hậu Giang"]["trained_pct"] is None
        assert report.totals["hamlets_covered_pct"] == 60.0
        assert rows["Thành phố Cần Thơ"]["drill"] == "92"

    def test_province_rows_one_per_ward(self, dataset):
        report = coverage_report(params=params(province_id=dataset.p.pk))
        rows = by_name(report)
        assert list(rows) == ["Phường Vị Thanh", "Phường Vị Tân"]  # by ward code
        assert figures(rows["Phường Vị Tân"]) == (3, 2, 3, 4, 3, 1)
        assert figures(rows["Phường Vị Thanh"]) == (1, 1, 1, 1, 0, 1)
        assert figures(report.totals) == (4, 3, 4, 5, 3, 2)
        assert rows["Phường Vị Tân"]["drill"] == "31333"

    def test_ward_rows_one_per_hamlet_plus_commune_level_team(self, dataset):
        report = coverage_report(params=params(province_id=dataset.p.pk, ward_id=dataset.w1.pk))
        rows = by_name(report)
        assert figures(rows["Thôn Khu vực 1"]) == (1, 1, 1, 2, 1, 1)
        assert figures(rows["Thôn Khu vực 2"]) == (1, 1, 1, 1, 1, 0)
        assert figures(rows["Thôn Khu vực 3"]) == (1, 0, 0, 0, 0, 0)
        assert figures(rows["Tổ cấp xã, phường"]) == (0, 0, 1, 1, 1, 0)
        assert "Thôn Khu vực cũ" not in rows
        # The hamlets and the commune-level row add up to the ward's row in the province.
        assert figures(report.totals) == (3, 2, 3, 4, 3, 1)
        assert all(row["drill"] is None for row in report.rows)

    def test_trained_depends_on_the_period(self, dataset):
        # In Q2 only m6 attended (1 June); in Q4 nobody.
        q2 = coverage_report(params=params(period=period_parse("2026-q2")))
        assert q2.totals["trained"] == 1
        q4 = coverage_report(params=params(period=period_parse("2026-q4")))
        assert q4.totals["trained"] == 0

    def test_certified_at_the_end_of_an_earlier_period(self, dataset):
        # At the end of Q1 m1 and m6 had no certificate yet; m3's had expired on 1/1/2026.
        q1 = coverage_report(params=params(period=period_parse("2026-q1")))
        assert q1.totals["certified"] == 0
        # During 2025 m3's certificate was valid.
        year_2025 = coverage_report(params=params(period=period_parse("2025")))
        assert year_2025.totals["certified"] == 1

    def test_gap_filters(self, dataset):
        no_team = coverage_report(params=params(gap=GAP_NO_TEAM))
        assert [row["name"] for row in no_team.rows] == ["Tỉnh Thử Hậu Giang"]
        assert no_team.totals["hamlets"] == 1
        no_trained = coverage_report(params=params(province_id=dataset.p.pk, gap=GAP_NO_TRAINED))
        assert [row["name"] for row in no_trained.rows] == ["Phường Vị Thanh"]

    def test_course_and_topic_filters_limit_trained_and_certified(self, dataset):
        course = coverage_report(params=params(course_id=dataset.c2.pk))
        # Course 2 in Q3: nobody attended s3 (excused), nobody completed; m6 holds its cert.
        assert (course.totals["trained"], course.totals["certified"]) == (0, 1)
        topic = coverage_report(params=params(topic_id=dataset.topic_a.pk))
        # Topic A = course 1: m1, m5 attended s1, m3 completed; m1 holds its certificate.
        assert (topic.totals["trained"], topic.totals["certified"]) == (3, 1)

    def test_team_level_filter(self, dataset):
        ward_level = coverage_report(params=params(team_level=TeamLevel.WARD))
        assert (ward_level.totals["teams"], ward_level.totals["members"]) == (1, 1)
        assert ward_level.totals["hamlets_covered"] == 0
        hamlet_level = coverage_report(params=params(team_level=TeamLevel.HAMLET))
        assert (hamlet_level.totals["teams"], hamlet_level.totals["members"]) == (3, 4)

    def test_scope_limits_rows_whatever_is_asked(self, dataset):
        scope = Scope(province_id=dataset.p.pk)
        report = coverage_report(params=params(scope=scope))
        assert report.level == "province"
        assert {row["name"] for row in report.rows} == {"Phường Vị Tân", "Phường Vị Thanh"}
        # Asking for the other province inside this scope gives the scope's province.
        report = coverage_report(params=params(scope=scope, province_id=dataset.q.pk))
        assert report.totals["hamlets"] == 4
        ward_scope = Scope(province_id=dataset.p.pk, ward_id=dataset.w1.pk)
        report = coverage_report(params=params(scope=ward_scope, ward_id=dataset.w2.pk))
        assert report.level == "ward"
        assert report.totals["members"] == 4

    def test_nothing_scope_sees_nothing(self, dataset):
        report = coverage_report(params=params(scope=Scope()))
        assert report.rows == []
        assert report.totals["members"] == 0


@pytest.mark.django_db
class StaffingTests:
    def test_breakdowns_per_ward(self, dataset):
        report = staffing_report(params=params(province_id=dataset.p.pk))
        vi_tan = by_name(report)["Phường Vị Tân"]
        assert vi_tan["members"] == 4
        assert (vi_tan["role_leader"], vi_tan["role_deputy"], vi_tan["role_member"]) == (1, 1, 2)
        assert (vi_tan["gender_female"], vi_tan["gender_male"], vi_tan["gender_unknown"]) == (
            2,
            2,
            0,
        )
        # Ages on 30/09/2026: m3 26, m1 36, m2 66, m5 unknown.
        assert (
            vi_tan["age_lt30"],
            vi_tan["age_30_44"],
            vi_tan["age_45_59"],
            vi_tan["age_60"],
            vi_tan["age_unknown"],
        ) == (1, 1, 0, 1, 1)
        assert (vi_tan["aff_youth_union"], vi_tan["aff_other"]) == (1, 3)
        assert (vi_tan["qual_university"], vi_tan["qual_none"], vi_tan["it_major"]) == (1, 3, 1)
        assert vi_tan["certified"] == 1
        assert vi_tan[f"topic_{dataset.topic_a.pk}"] == 1
        assert vi_tan[f"topic_{dataset.topic_b.pk}"] == 0
        vi_thanh = by_name(report)["Phường Vị Thanh"]
        assert (vi_thanh["members"], vi_thanh["age_45_59"]) == (1, 1)
        assert vi_thanh[f"topic_{dataset.topic_b.pk}"] == 1
        assert report.totals["members"] == 5
        assert report.totals[f"topic_{dataset.topic_b.pk}"] == 1
        topic_names = [topic["name"] for topic in report.extra["topics"]]
        assert "Chính quyền số thử" in topic_names

    def test_age_band_boundaries_use_the_period_end(self, dataset):
        # At the end of 2025 m1 (born 1/5/1990) was 35, m3 (1/1/2000) 25.
        report = staffing_report(params=params(period=period_parse("2025")))
        assert (report.totals["age_lt30"], report.totals["age_30_44"]) == (1, 1)


@pytest.mark.django_db
class ActivityTests:
    def test_sessions_attendance_courses_and_certificates(self, dataset):
        report = activity_report(params=params(province_id=dataset.p.pk))
        rows = by_name(report)
        # s1 (ward 31333, 10/8): m1 present, m2 absent, m5 late; s3 (province, 10/9): m6
        # excused; s2 (1/6) is outside Q3.
        assert (rows["Phường Vị Tân"]["sessions"], rows["Phường Vị Tân"]["invited"]) == (1, 3)
        assert rows["Phường Vị Tân"]["attended"] == 2
        assert rows["Phường Vị Tân"]["attendance_pct"] == 66.7
        assert figures(rows["Cấp tỉnh tổ chức"], ("sessions", "invited", "attended")) == (1, 1, 0)
        assert figures(report.totals, ("sessions", "invited", "attended")) == (2, 4, 2)
        assert report.totals["attendance_pct"] == 50.0
        courses = {row["title"]: row for row in report.extra["courses"]}
        assert figures(
            courses["Dịch vụ công trực tuyến"],
            ("enrolled", "completed", "completed_in_period", "completion_pct"),
        ) == (2, 1, 1, 50.0)
        assert courses["An toàn trên mạng"]["enrolled"] == 1
        assert courses["An toàn trên mạng"]["completion_pct"] == 0.0
        # Certificates issued (revoked ones were issued too): August m1 + m2, September m6.
        assert [(row["month"].month, row["issued"]) for row in report.extra["months"]] == [
            (7, 0),
            (8, 2),
            (9, 1),
        ]

    def test_national_groups_sessions_by_province(self, dataset):
        report = activity_report(params=params())
        rows = by_name(report)
        assert rows["Thành phố Cần Thơ"]["sessions"] == 2
        assert rows["Tỉnh Thử Hậu Giang"]["sessions"] == 0

    def test_ward_level_has_the_wards_own_row(self, dataset):
        report = activity_report(params=params(province_id=dataset.p.pk, ward_id=dataset.w1.pk))
        assert [row["name"] for row in report.rows] == ["Phường Vị Tân"]
        assert report.totals["sessions"] == 1
        # Learners registered in the ward: m1 and m3 enrolled in course 1.
        assert [row["enrolled"] for row in report.extra["courses"]] == [2]
