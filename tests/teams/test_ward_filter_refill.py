"""The registry's ward filter nationally: no list of every ward (3,321 on the national data
set) until a province is chosen; the script refills it from ``teams_ward:choices``; a ward
named in a link still filters on its own; officers keep the wards of their scope."""

import json
import re

import pytest
from django.urls import reverse

from lms.accounts.services import user_role_groups_sync
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)

LISTINGS = ["teams_member", "teams_team", "teams_hamlet"]


@pytest.fixture
def units(db):
    north = ProvinceFactory(code="81", name="Tỉnh Bắc Lọc")
    south = ProvinceFactory(code="82", name="Tỉnh Nam Lọc")
    wards = {
        "a": WardFactory(code="81001", province=north, name="Xã Lọc A"),
        "b": WardFactory(code="81002", province=north, name="Xã Lọc B"),
        "c": WardFactory(code="82001", province=south, name="Xã Lọc C"),
    }
    for key, ward in wards.items():
        TeamFactory(hamlet=HamletFactory(ward=ward, name=f"Thôn Lọc {key.upper()}"))
        MemberFactory(ward=ward, full_name=f"Trần Thị Lọc {key.upper()}")
    return north, south, wards


def ward_select(html):
    """The options of the filter's ward ``<select>``: [(value, label)], and its tag."""
    match = re.search(r'(<select[^>]*name="ward"[^>]*>)(.*?)</select>', html, re.S)
    assert match, "no ward filter on the page"
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', match.group(2))
    return match.group(1), [(value, label.strip()) for value, label in options if value]


def admin(client):
    client.force_login(AdminFactory())
    return client


@pytest.mark.parametrize("namespace", LISTINGS)
def test_national_list_offers_no_ward_until_a_province_is_chosen(client, units, namespace):
    html = admin(client).get(reverse(f"{namespace}:index")).content.decode()
    tag, options = ward_select(html)
    assert options == []
    assert "Chọn tỉnh, thành phố trước" in html
    assert f'data-wards-url="{reverse("teams_ward:choices")}"' in tag
    assert "js/unit-filter-wards.js" in html


@pytest.mark.parametrize("namespace", LISTINGS)
def test_a_chosen_province_lists_its_wards_only(client, units, namespace):
    north, _south, wards = units
    html = admin(client).get(reverse(f"{namespace}:index"), {"province": north.pk}).content
    _tag, options = ward_select(html.decode())
    assert [value for value, _label in options] == [str(wards["a"].pk), str(wards["b"].pk)]
    assert options[0][1] == "Xã Lọc A, Tỉnh Bắc Lọc"


def test_a_ward_named_in_the_link_alone_still_filters(client, units):
    _north, _south, wards = units
    html = (
        admin(client).get(reverse("teams_member:index"), {"ward": wards["c"].pk}).content.decode()
    )
    assert "Trần Thị Lọc C" in html
    assert "Trần Thị Lọc A" not in html
    _tag, options = ward_select(html)
    assert options == [(str(wards["c"].pk), "Xã Lọc C, Tỉnh Nam Lọc")]


def test_the_endpoint_answers_the_wards_of_a_province_as_the_filter_accepts_them(client, units):
    north, _south, wards = units
    url = reverse("teams_ward:choices")
    body = json.loads(admin(client).get(url, {"province": north.pk}).content)
    assert body == {
        "wards": [
            {"id": wards["a"].pk, "name": "Xã Lọc A, Tỉnh Bắc Lọc"},
            {"id": wards["b"].pk, "name": "Xã Lọc B, Tỉnh Bắc Lọc"},
        ]
    }
    # Each id the endpoint gives is accepted by the filter: the listing shows that ward.
    html = client.get(
        reverse("teams_member:index"), {"province": north.pk, "ward": body["wards"][1]["id"]}
    ).content.decode()
    assert "Trần Thị Lọc B" in html and "Trần Thị Lọc A" not in html


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "0", "1\x00"])
def test_the_endpoint_answers_nothing_for_no_or_a_bad_province(client, units, value):
    response = admin(client).get(reverse("teams_ward:choices"), {"province": value})
    assert response.status_code == 200
    assert json.loads(response.content) == {"wards": []}


def test_the_endpoint_keeps_an_officer_inside_their_province(client, units):
    north, south, wards = units
    officer = ProvinceOfficerFactory(province=north)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    url = reverse("teams_ward:choices")
    assert json.loads(client.get(url, {"province": south.pk}).content) == {"wards": []}
    assert len(json.loads(client.get(url, {"province": north.pk}).content)["wards"]) == 2


def test_the_endpoint_needs_a_signed_in_staff_user(client, units):
    north, _south, _wards = units
    response = client.get(reverse("teams_ward:choices"), {"province": north.pk})
    assert response.status_code == 302
    assert "Xã Lọc" not in response.content.decode()


def test_a_province_officer_sees_their_wards_without_the_script(client, units):
    north, _south, wards = units
    officer = ProvinceOfficerFactory(province=north)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    html = client.get(reverse("teams_member:index")).content.decode()
    tag, options = ward_select(html)
    assert [value for value, _label in options] == [str(wards["a"].pk), str(wards["b"].pk)]
    assert "data-wards-url" not in tag


def select_options(html, name):
    match = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no {name} filter on the page"
    return [v for v in re.findall(r'<option value="([^"]*)"', match.group(1)) if v]


@pytest.fixture
def records(units):
    from tests.factories.support import SupportRecordFactory

    _north, _south, wards = units
    return {
        key: SupportRecordFactory(team=ward.teams.get(), people=10 + i)
        for i, (key, ward) in enumerate(wards.items())
    }


def test_support_log_nationally_lists_no_ward_or_team_until_chosen(client, records):
    html = admin(client).get(reverse("support_record:index")).content.decode()
    tag, options = ward_select(html)
    assert options == [] and "data-wards-url" in tag
    assert select_options(html, "team") == []
    assert "Chọn xã, phường trước" in html


def test_support_log_filters_by_a_ward_named_in_the_link(client, records, units):
    _north, _south, wards = units
    url = reverse("support_record:index")
    html = admin(client).get(url, {"ward": wards["b"].pk}).content.decode()
    _tag, options = ward_select(html)
    assert options == [(str(wards["b"].pk), "Xã Lọc B, Tỉnh Bắc Lọc")]
    assert select_options(html, "team") == [str(records["b"].team_id)]
    assert str(records["b"].team) in html and str(records["c"].team) not in html


def test_support_log_province_filter_lists_its_wards(client, records, units):
    north, _south, wards = units
    html = (
        admin(client).get(reverse("support_record:index"), {"province": north.pk}).content.decode()
    )
    _tag, options = ward_select(html)
    assert [value for value, _label in options] == [str(wards["a"].pk), str(wards["b"].pk)]
    assert str(records["a"].team) in html and str(records["c"].team) not in html


def test_a_province_officers_support_log_lists_teams_once_a_ward_is_chosen(client, records, units):
    """A province has up to ~2,800 teams: their ``<select>`` waits for a ward, as nationally;
    the ward list is the province's, and a ward officer keeps the teams of their ward."""
    from tests.factories.accounts import WardOfficerFactory

    north, _south, wards = units
    officer = ProvinceOfficerFactory(province=north)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    url = reverse("support_record:index")
    html = client.get(url).content.decode()
    assert select_options(html, "team") == []
    assert "Chọn xã, phường trước" in html
    assert select_options(html, "ward") == [str(wards["a"].pk), str(wards["b"].pk)]
    assert str(records["a"].team) in html and str(records["b"].team) in html  # the rows
    assert 'data-teams-url="/admin/to-cong-nghe/to/chon.json"' in html
    html = client.get(url, {"ward": wards["b"].pk}).content.decode()
    assert select_options(html, "team") == [str(records["b"].team_id)]
    html = client.get(url, {"ward": wards["c"].pk}).content.decode()
    assert select_options(html, "team") == []  # another province's ward: nothing
    assert str(records["c"].team) not in html

    ward_officer = WardOfficerFactory(ward=wards["a"])
    user_role_groups_sync(user=ward_officer)
    client.force_login(ward_officer)
    html = client.get(url).content.decode()
    assert select_options(html, "team") == [str(records["a"].team_id)]
    assert "Chọn xã, phường trước" not in html and "data-teams-url" not in html


def test_the_team_endpoint_keeps_an_officer_inside_their_province(client, records, units):
    north, _south, wards = units
    officer = ProvinceOfficerFactory(province=north)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    url = reverse("teams_team:choices")

    def teams(ward):
        response = client.get(url, {"ward": ward})
        assert response.status_code == 200 and "private" in response["Cache-Control"]
        return json.loads(response.content)["teams"]

    assert teams(wards["b"].pk) == [{"id": records["b"].team_id, "name": str(records["b"].team)}]
    assert teams(wards["c"].pk) == []  # another province's ward: as one that does not exist
    assert teams("abc") == [] and teams("9" * 30) == [] and teams("") == []
    client.logout()
    assert client.get(url, {"ward": wards["b"].pk}).status_code == 302
