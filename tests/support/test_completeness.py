"""Completeness of the monthly reports (issue 17.5) on hand-made data: expected vs submitted,
on time vs late, approved, teams reporting, silent teams; query counts; the screen and XLSX."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teams.choices import TeamStatus
from teams.support.choices import MonthStatus
from teams.support.completeness import (
    completeness,
    deadline,
    month_end,
    silent_teams,
)
from teams.support.models import WardMonth
from tests.factories.support import SupportRecordFactory
from tests.factories.teams import HamletFactory, TeamFactory, WardFactory

from .monthly_area import area_fixture, day_in, months_ago  # noqa: F401

M = months_ago(2)
EARLIER = months_ago(3)
MINUTE = datetime.timedelta(minutes=1)


def _report(ward, month, status, submitted_at=None):
    return WardMonth.objects.create(
        ward=ward,
        month=month,
        status=status,
        submitted_at=submitted_at,
        approved_at=timezone.now() if status == MonthStatus.APPROVED else None,
    )


@pytest.fixture
def reports(area):
    # w1: both months on time (one exactly at the deadline), M approved
    _report(area.w1, M, MonthStatus.APPROVED, deadline(M))
    _report(area.w1, EARLIER, MonthStatus.SUBMITTED, deadline(EARLIER) - MINUTE)
    # w2: M late, EARLIER never submitted; a team founded after M and one dissolved in M are
    # not expected, one dissolved after M is
    _report(area.w2, M, MonthStatus.SUBMITTED, deadline(M) + MINUTE)
    TeamFactory(hamlet=HamletFactory(ward=area.w2), founded_on=month_end(M) + datetime.timedelta(1))
    TeamFactory(
        hamlet=HamletFactory(ward=area.w2),
        status=TeamStatus.DISSOLVED,
        founded_on=datetime.date(2024, 1, 1),
        dissolved_on=M.replace(day=15),
    )
    TeamFactory(
        hamlet=HamletFactory(ward=area.w2),
        status=TeamStatus.DISSOLVED,
        founded_on=datetime.date(2024, 1, 1),
        dissolved_on=month_end(M) + datetime.timedelta(1),
    )
    # a ward with no team expects no report; a reopened month counts as not submitted
    WardFactory(province=area.p1, name="Xã Không Có Tổ")
    _report(area.w3, M, MonthStatus.OPEN)
    SupportRecordFactory(team=area.t1, date=day_in(M, 4))
    SupportRecordFactory(team=area.t1, date=day_in(M, 6))
    SupportRecordFactory(team=area.t2, date=day_in(EARLIER, 8))


def test_deadline_is_the_setting_day_of_the_next_month_in_vietnam(settings):
    settings.LMS_SUPPORT_DEADLINE_DAY = 5
    end = timezone.localtime(deadline(datetime.date(2026, 1, 1)))
    assert (end.year, end.month, end.day, end.hour, end.minute) == (2026, 2, 5, 23, 59)
    assert str(end.tzinfo) == "Asia/Ho_Chi_Minh"
    settings.LMS_SUPPORT_DEADLINE_DAY = 31  # capped by February's length
    assert timezone.localtime(deadline(datetime.date(2026, 1, 1))).day == 28


def test_figures_per_ward_and_for_the_province(area, reports):
    result = completeness(user=area.province_officer, months=[EARLIER, M])
    assert result.by == "ward"
    rows = {row.name: row for row in result.rows}
    w1, w2 = rows[area.w1.name], rows[area.w2.name]
    assert area.w3.name not in rows  # another province
    assert rows["Xã Không Có Tổ"].reports_expected == 0
    assert (w1.reports_expected, w1.reports_submitted, w1.reports_on_time) == (2, 2, 2)
    assert (w1.reports_approved, w1.teams_expected, w1.teams_reporting) == (1, 4, 1)
    # w2: M expects t2 and the team dissolved after M (2); EARLIER also the one dissolved in M
    assert (w2.reports_expected, w2.reports_submitted, w2.reports_on_time) == (2, 1, 0)
    assert (w2.reports_approved, w2.teams_expected, w2.teams_reporting) == (0, 5, 1)
    total = result.total
    assert (total.reports_expected, total.reports_submitted, total.reports_on_time) == (4, 3, 2)
    assert total.reports_approved == 1
    assert total.submitted_rate == 75.0 and total.on_time_rate == 50.0
    assert (total.teams_expected, total.teams_reporting, total.teams_reporting_rate) == (9, 2, 22.2)


def test_an_administrator_sees_provinces_and_a_ward_officer_their_ward(area, reports):
    national = completeness(user=area.admin, months=[M])
    assert national.by == "province"
    rows = {row.name: row for row in national.rows}
    assert rows[area.p1.name].reports_expected == 2
    assert rows[area.p2.name].reports_submitted == 0  # reopened: not submitted
    ward = completeness(user=area.ward_officer, months=[EARLIER, M])
    assert [row.name for row in ward.rows] == [area.w1.name]
    # a ward outside the scope, asked for by id, gives nothing
    assert completeness(user=area.ward_officer, months=[M], ward_id=area.w2.pk).rows == []


def test_silent_teams_are_the_active_ones_with_no_record_in_60_days(area):
    today = timezone.localdate()
    SupportRecordFactory(team=area.t1, date=today - datetime.timedelta(days=10))
    SupportRecordFactory(team=area.t2, date=today - datetime.timedelta(days=61))
    TeamFactory(hamlet=HamletFactory(ward=area.w1), founded_on=today - datetime.timedelta(5))
    TeamFactory(
        hamlet=HamletFactory(ward=area.w1),
        status=TeamStatus.DISSOLVED,
        dissolved_on=today - datetime.timedelta(days=100),
    )
    silent = list(silent_teams(user=area.province_officer))
    assert {row["id"] for row in silent} == {area.t1b.pk, area.t2.pk}
    last = {row["id"]: row["last_record"] for row in silent}
    assert last[area.t1b.pk] is None
    assert last[area.t2.pk] == today - datetime.timedelta(days=61)
    assert [row["id"] for row in silent_teams(user=area.other_province_officer)] == [area.t3.pk]


def _queries(user, months):
    with CaptureQueriesContext(connection) as captured:
        completeness(user=user, months=months)
        list(silent_teams(user=user))
    return len(captured)


def _wards(province, count, month):
    for _i in range(count):
        team = TeamFactory(hamlet=HamletFactory(ward=WardFactory(province=province)))
        SupportRecordFactory(team=team, date=day_in(month))
        _report(team.ward, month, MonthStatus.SUBMITTED, deadline(month))


def test_query_count_does_not_grow_with_the_wards(area):
    months = [EARLIER, M]
    _wards(area.p1, 1, M)  # 3 wards in the province
    small = _queries(area.province_officer, months)
    _wards(area.p1, 27, M)  # 30 wards
    assert completeness(user=area.province_officer, months=months).total.reports_submitted == 28
    assert _queries(area.province_officer, months) == small <= 5


def test_the_screen_and_its_xlsx(client, area, reports):
    from openpyxl import load_workbook

    area.w1.name = "=HYPERLINK(1)"
    area.w1.save()
    client.force_login(area.province_officer)
    query = {"month_from": f"{EARLIER:%Y-%m}", "month_to": f"{M:%Y-%m}"}
    page = client.get(reverse("support_monthly:completeness"), query)
    text = page.content.decode()
    assert page.status_code == 200 and area.w2.name in text and area.w3.name not in text
    assert area.t1b.name in text  # no record at all: silent
    response = client.get(reverse("support_monthly:completeness"), {**query, "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.fitToWidth) == 1 and sheet.print_title_rows == "$1:$1"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Xã, phường", "Báo cáo phải gửi", "Đã gửi"]
    by_name = {row[0]: row for row in values if row and row[0]}
    assert by_name["'=HYPERLINK(1)"][1:4] == [2, 2, "100,0%"]
    assert by_name["Tổng cộng"][1:7] == [4, 3, "75,0%", 2, "50,0%", 1]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_another_province_cannot_see_or_filter_into_this_one(client, area, reports):
    client.force_login(area.other_province_officer)
    page = client.get(
        reverse("support_monthly:completeness"),
        {"province": area.p1.pk, "ward": area.w1.pk, "month_from": f"{M:%Y-%m}"},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert area.w1.name not in text and area.w2.name not in text and area.t1b.name not in text
