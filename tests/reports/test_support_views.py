"""The support report through HTTP: the admin screen with its server-drawn chart, the files,
and the JSON endpoint with the shared filters (400 on a bad one, 404 outside the scope)."""

import datetime
import io

import openpyxl
import pytest

from tests.factories.support import SupportRecordFactory

SCREEN = "/admin/bao-cao/support/"
API = "/bao-cao/api/support.json"


@pytest.fixture
def records(dataset):
    SupportRecordFactory(
        team=dataset.t1,
        date=datetime.date(2026, 8, 5),
        people=4,
        dossier_self=1,
        dossier_proxy=1,
        portal_account=2,
        skill_public_services=True,
    )
    SupportRecordFactory(team=dataset.t5, date=datetime.date(2026, 9, 5), people=2)
    return dataset


@pytest.mark.django_db
class SupportViewTests:
    def test_json_with_filters(self, client, province_officer, records):
        client.force_login(province_officer)
        response = client.get(API, {"province": "92", "period": "2026-q3"})
        assert response.status_code == 200
        data = response.json()
        assert (data["report"], data["level"]) == ("support", "province")
        rows = {row["code"]: row for row in data["rows"]}
        assert rows["31333"]["people"] == 4
        assert rows["31333"]["self_filing_pct"] == 50.0
        assert rows["31321"]["self_filing_pct"] is None
        assert data["totals"]["people"] == 6
        assert [m["month"] for m in data["months"]] == ["2026-08-01", "2026-09-01"]
        assert [row["code"] for row in data["lowest"]] == ["31333", "31321"]  # 4/3 < 2/1

    @pytest.mark.parametrize(
        "query", [{"period": "2026-q9"}, {"date_from": "30/02/2026"}, {"team_level": "x"}]
    )
    def test_bad_filters_answer_400(self, client, province_officer, records, query):
        client.force_login(province_officer)
        response = client.get(API, query)
        assert response.status_code == 400
        assert response.json()["error"] == "bad parameters"
        assert client.get(SCREEN, query).status_code == 400

    def test_scope(self, client, ward_officer, records):
        client.force_login(ward_officer)
        assert client.get(API, {"ward": "31321"}).status_code == 404
        data = client.get(API, {"period": "2026-q3"}).json()
        assert data["level"] == "ward"
        assert data["totals"]["people"] == 4  # 31321's record is not theirs

    def test_unauthenticated_and_members(self, client, member_user, records):
        assert client.get(API).status_code == 401
        client.force_login(member_user)
        assert client.get(API).status_code == 403

    def test_screen_draws_the_trend_on_the_server(self, client, province_officer, records):
        client.force_login(province_officer)
        response = client.get(SCREEN, {"period": "2026-q3"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Người dân được hỗ trợ theo tháng" in html
        assert "<svg" in html and "08/26" in html
        assert "Tỷ lệ người dân tự nộp hồ sơ trực tuyến (%)" in html
        assert "Phường Vị Tân" in html
        assert "cdn" not in html.lower().split("<svg", 1)[1]

    def test_files(self, client, province_officer, records):
        client.force_login(province_officer)
        xlsx = client.get(SCREEN, {"period": "2026-q3", "export": "xlsx"})
        assert xlsx.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
        values = [c for row in book.active.iter_rows(values_only=True) for c in row if c]
        assert "Tỷ lệ người dân tự nộp hồ sơ trực tuyến (%)" in values
        assert "Phường Vị Tân" in values
        csv = client.get(SCREEN, {"period": "2026-q3", "export": "csv"})
        assert csv.content.startswith(b"\xef\xbb\xbf")
        assert "Diễn biến theo tháng" in csv.content.decode("utf-8-sig")
        pdf = client.get(SCREEN, {"period": "2026-q3", "export": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
