"""The read-only JSON endpoint the province's reporting system pulls from."""

import pytest
from django.urls import reverse


def url(kind):
    return reverse("reports:api", args=[kind])


@pytest.mark.django_db
class JsonApiTests:
    def test_coverage_json_with_filters(self, client, province_officer):
        assert url("coverage") == "/bao-cao/api/coverage.json"
        client.force_login(province_officer)
        response = client.get(url("coverage"), {"province": "92", "period": "2026-q3"})
        assert response.status_code == 200
        data = response.json()
        assert data["level"] == "province"
        assert data["unit"] == "Thành phố Cần Thơ"
        assert data["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
        rows = {row["code"]: row for row in data["rows"]}
        assert rows["31333"]["members"] == 4
        assert data["totals"]["trained"] == 3
        assert response["Cache-Control"] == "private, no-store"

    def test_activity_json_has_courses_and_months(self, client, province_officer):
        client.force_login(province_officer)
        data = client.get(url("activity"), {"period": "2026-q3"}).json()
        assert [month["month"] for month in data["months"]] == [
            "2026-07-01",
            "2026-08-01",
            "2026-09-01",
        ]
        assert {course["title"] for course in data["courses"]} >= {"Dịch vụ công trực tuyến"}

    def test_staffing_json_lists_topics(self, client, province_officer, dataset):
        client.force_login(province_officer)
        data = client.get(url("staffing"), {"period": "2026-q3"}).json()
        assert data["totals"][f"topic_{dataset.topic_b.pk}"] == 1
        assert any(topic["name"] == "An toàn thông tin thử" for topic in data["topics"])

    def test_out_of_scope_unknown_and_unauthenticated(self, client, ward_officer):
        assert client.get(url("coverage")).status_code == 401
        client.force_login(ward_officer)
        assert client.get(url("coverage"), {"ward": "31321"}).status_code == 404
        assert client.get(url("nothing")).status_code == 404
        assert client.get(url("coverage")).json()["level"] == "ward"
        assert client.post(url("coverage")).status_code == 405
