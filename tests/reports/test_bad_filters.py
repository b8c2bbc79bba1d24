"""Bad report filters answer 400 with a Vietnamese message naming the parameter, on the admin
screens and in the JSON API, instead of silently showing the whole current year (or a 500)."""

import pytest
from django.urls import reverse

from tests.factories.accounts import AdminFactory

COVERAGE = "/admin/bao-cao/coverage/"

# (query, the parameter the message must name)
BAD = [
    ({"period": "garbage"}, "period"),
    ({"period": "2026-q9"}, "period"),
    ({"period": "2026-02-30"}, "period"),
    ({"period": "0000"}, "period"),
    ({"period": "9999"}, "period"),
    ({"date_from": "2026-02-30"}, "date_from"),
    ({"date_from": "30/02/2026"}, "date_from"),
    ({"date_from": "01/01/0001"}, "date_from"),
    ({"date_to": "31/12/9999"}, "date_to"),
    ({"date_from": "20/08/2026", "date_to": "15/08/2026"}, "date_to"),
    ({"course": "999999"}, "course"),
    ({"course": "99999999999999999999"}, "course"),
    ({"course": "abc"}, "course"),
    ({"topic": "99999999999999999999"}, "topic"),
    ({"team_level": "xyz"}, "team_level"),
]
IDS = [f"{name}={'&'.join(q.values())}" for q, name in BAD]


@pytest.fixture
def admin_client(client, dataset):
    client.force_login(AdminFactory())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "name"), BAD, ids=IDS)
def test_admin_screen_answers_400_naming_the_parameter(admin_client, query, name):
    for url in (COVERAGE, "/admin/bao-cao/attendance/results/"):
        response = admin_client.get(url, query)
        assert response.status_code == 400, url
        body = response.content.decode()
        assert "Bộ lọc không hợp lệ" in body
        assert f"tham số “{name}”" in body
        assert "Không có số liệu" not in body  # no figures for filters nobody asked for


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "name"), BAD, ids=IDS)
def test_export_with_bad_filters_is_refused_too(admin_client, query, name):
    response = admin_client.get(COVERAGE, {**query, "export": "xlsx"})
    assert response.status_code == 400
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "name"), BAD, ids=IDS)
def test_json_answers_400_naming_the_parameter(admin_client, query, name):
    response = admin_client.get(reverse("reports:api", args=["coverage"]), query)
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad parameters"
    assert list(body["errors"]) == [name]
    assert f"tham số “{name}”" in body["errors"][name]
    assert f"tham số “{name}”" in body["detail"]


@pytest.mark.django_db
def test_good_filters_still_answer_200(admin_client, dataset):
    api = reverse("reports:api", args=["coverage"])
    for query in (
        {},
        {"period": "2026-q3"},
        {"period": "quarter"},
        {"date_from": "15/08/2026", "date_to": "15/08/2026"},
        {"course": dataset.c1.pk, "team_level": "hamlet", "province": "92"},
    ):
        assert admin_client.get(api, query).status_code == 200, query
        assert admin_client.get(COVERAGE, query).status_code == 200, query


@pytest.mark.django_db
def test_unit_outside_the_scope_stays_404_not_400(client, ward_officer):
    """A guessed ward code learns nothing: 404, as before, even with another bad filter."""
    client.force_login(ward_officer)
    api = reverse("reports:api", args=["coverage"])
    assert client.get(api, {"ward": "31321", "period": "garbage"}).status_code == 404
    assert client.get(COVERAGE, {"ward": "31321", "period": "garbage"}).status_code == 404


# -- the ward choice follows the province (issue 16, item 14) ------------------------------------


@pytest.mark.django_db
def test_national_screen_lists_no_ward_until_a_province_is_chosen(admin_client, dataset):
    body = admin_client.get(COVERAGE).content.decode()
    assert "Phường Vị Tân" not in body.split('name="ward"')[1].split("</select>")[0]
    assert "Chọn tỉnh, thành phố trước" in body
    assert "js/reports-wards.js" in body
    chosen = admin_client.get(COVERAGE, {"province": "92"}).content.decode()
    select = chosen.split('name="ward"')[1].split("</select>")[0]
    assert "Phường Vị Tân" in select and "Phường Vị Thanh" in select
    assert "Xã Thử Xa" not in select


@pytest.mark.django_db
def test_ward_alone_in_a_link_still_works(admin_client, dataset):
    api = reverse("reports:api", args=["coverage"])
    response = admin_client.get(api, {"ward": "31333", "period": "2026-q3"})
    assert response.status_code == 200
    assert response.json()["level"] == "ward"


@pytest.mark.django_db
def test_wards_endpoint_follows_the_province_and_the_scope(client, dataset, province_officer):
    url = reverse("reports:wards")
    client.force_login(AdminFactory())
    names = {w["name"] for w in client.get(url, {"province": "92"}).json()["wards"]}
    assert names == {"Phường Vị Tân", "Phường Vị Thanh"}
    assert client.get(url).json()["wards"] == []
    client.force_login(province_officer)
    assert client.get(url, {"province": "93"}).json()["wards"] == []
    codes = {w["code"] for w in client.get(url, {"province": "92"}).json()["wards"]}
    assert codes == {"31333", "31321"}


@pytest.mark.django_db
def test_wards_endpoint_is_for_report_readers_only(client, member_user):
    url = reverse("reports:wards")
    assert client.get(url, {"province": "92"}).status_code == 401
    client.force_login(member_user)
    assert client.get(url, {"province": "92"}).status_code == 403
