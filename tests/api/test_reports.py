"""Each report through the API: the officer's own province answers the screen's figures,
another province answers 404, and every documented bad filter answers 400 naming it."""

import pytest
from django.test import RequestFactory

from lms.reports.filters import CoverageFilterSet, ReportFilterSet, SupportFilterSet
from lms.reports.selectors import (
    activity_report,
    coverage_report,
    staffing_report,
    support_report,
)

pytestmark = pytest.mark.django_db

SELECTORS = {
    "coverage": (coverage_report, CoverageFilterSet),
    "staffing": (staffing_report, ReportFilterSet),
    "activity": (activity_report, ReportFilterSet),
    "support": (support_report, SupportFilterSet),
}


def selector_rows(kind, user, query):
    selector, filterset_class = SELECTORS[kind]
    request = RequestFactory().get("/", query)
    request.user = user
    filters = filterset_class(request.GET, request=request)
    assert filters.is_valid()
    return selector(params=filters.params())


@pytest.mark.parametrize("kind", ["coverage", "staffing", "activity", "support"])
def test_own_province_answers_the_selector_figures(client, auth, province_officer, kind):
    query = {"province": "92", "period": "2026-q3"}
    response = client.get(f"/api/v1/reports/{kind}", query, **auth)
    assert response.status_code == 200, response.content
    data = response.json()
    report = selector_rows(kind, province_officer, query)
    assert data["level"] == "province"
    assert data["unit"] == "Thành phố Cần Thơ"
    assert data["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
    assert len(data["rows"]) == len(report.rows)
    numbers = {k: v for k, v in report.totals.items() if isinstance(v, int | float)}
    assert {k: data["totals"][k] for k in numbers} == numbers


def test_coverage_figures_are_the_known_ones(client, auth):
    data = client.get("/api/v1/reports/coverage", {"period": "2026-q3"}, **auth).json()
    rows = {row["code"]: row for row in data["rows"]}
    assert rows["31333"]["members"] == 4
    assert data["totals"]["trained"] == 3


def test_attendance_report(client, auth):
    response = client.get("/api/v1/reports/attendance", {"period": "2026-q3"}, **auth)
    assert response.status_code == 200
    assert {s["title"] for s in response.json()["sessions"]}


@pytest.mark.parametrize("kind", ["coverage", "staffing", "activity", "attendance", "support"])
def test_other_province_is_404_like_a_unit_that_does_not_exist(client, auth, kind):
    other = client.get(f"/api/v1/reports/{kind}", {"province": "93"}, **auth)
    missing = client.get(f"/api/v1/reports/{kind}", {"province": "77"}, **auth)
    assert other.status_code == missing.status_code == 404
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["detail"] == missing.json()["detail"]
    ward = client.get(f"/api/v1/reports/{kind}", {"ward": "31400"}, **auth)
    assert ward.status_code == 404


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ({"provinse": "92"}, "provinse", "không được hỗ trợ"),
        ({"period": "2026-q5"}, "period", "period"),
        ({"period": "quý ba"}, "period", "period"),
        ({"date_from": "31/02/2026"}, "date_from", "ngày có thật"),
        ({"date_from": "2026-13-01"}, "date_from", "ngày có thật"),
        ({"date_from": "30/09/2026", "date_to": "01/07/2026"}, "date_to", "date_to"),
        ({"course": "999999"}, "course", "course"),
        ({"course": "99999999999999999999999"}, "course", "course"),
        ({"topic": "abc"}, "topic", "topic"),
        ({"team_level": "tinh"}, "team_level", "team_level"),
        ({"gap": "x"}, "gap", "gap"),
    ],
)
def test_bad_filters_answer_400_naming_the_parameter(client, auth, query, parameter, words):
    response = client.get("/api/v1/reports/coverage", query, **auth)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["title"] == "Tham số không hợp lệ"
    assert body["instance"] == "/api/v1/reports/coverage"
    assert parameter in [e["parameter"] for e in body["errors"]]
    assert parameter in body["detail"] and words in body["detail"]


def test_messages_stay_vietnamese_whatever_the_accept_language(client, auth):
    response = client.get(
        "/api/v1/reports/coverage", {"period": "x"}, HTTP_ACCEPT_LANGUAGE="en", **auth
    )
    assert "Kỳ báo cáo" in response.json()["detail"]


def test_support_report_takes_no_course(client, auth):
    response = client.get("/api/v1/reports/support", {"course": "1"}, **auth)
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "course"


def test_ward_officer_token_sees_only_the_ward(client, ward_officer):
    from lms.api.services import api_token_create

    _token, raw = api_token_create(owner=ward_officer, name="Phường")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    data = client.get("/api/v1/reports/coverage", **headers).json()
    assert data["level"] == "ward"
    assert client.get("/api/v1/reports/coverage", {"ward": "31321"}, **headers).status_code == 404


def test_etag_and_conditional_requests(client, auth):
    url, query = "/api/v1/reports/coverage", {"period": "2026-q3"}
    first = client.get(url, query, **auth)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified
    again = client.get(url, query, HTTP_IF_NONE_MATCH=etag, **auth)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    since = client.get(url, query, HTTP_IF_MODIFIED_SINCE=modified, **auth)
    assert since.status_code == 304
    other = client.get(url, {"period": "2026-q2"}, HTTP_IF_NONE_MATCH=etag, **auth)
    assert other.status_code == 200 and other["ETag"] != etag
