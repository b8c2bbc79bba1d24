"""Vietnamese alphabetical order (issue 16.9): Đ after D and before E, tones only break ties.

Runs on SQLite (the collation callback of ``lms.core.collation``) and, with DATABASE_URL set
to PostgreSQL, on the ICU collation the migration creates; the expected order is the same.
"""

import re

import pytest

from lms.accounts.services import user_role_groups_sync
from lms.core.collation import sort_key, vi_ordered, vi_sorted
from teams.models import Province, Ward
from teams.selectors import public_hamlets, public_wards, team_members
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)

NAMES = ["Vĩnh Long", "Gia Lai", "Đà Nẵng", "Dương Minh Châu", "Ánh", "Anh", "Ảnh", "Bình"]
EXPECTED = ["Anh", "Ảnh", "Ánh", "Bình", "Dương Minh Châu", "Đà Nẵng", "Gia Lai", "Vĩnh Long"]


def test_sort_key_follows_the_vietnamese_alphabet_then_tones():
    assert vi_sorted(NAMES) == EXPECTED
    assert sorted(NAMES) != EXPECTED  # byte order puts Đ and Ả after V
    letters = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "v"]
    assert vi_sorted(reversed(letters)) == letters
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]  # ngang, huyền, hỏi, ngã, sắc, nặng
    assert vi_sorted(reversed(tones)) == tones


def test_letters_weigh_before_tones_and_case_last():
    # A tone on an earlier letter does not beat a later letter: "Hạ Long" < "Hà Nội".
    assert vi_sorted(["Hà Nội", "Hạ Long", "Hà"]) == ["Hà", "Hạ Long", "Hà Nội"]
    assert vi_sorted(["Anh", "anh"]) == ["anh", "Anh"]
    assert sort_key("An Giang") < sort_key("anh")
    # Composed and decomposed spellings sort as the same text.
    assert sort_key("Đà Nẵng")[:3] == sort_key("Đa\u0300 Na\u0306\u0303ng")[:3]


@pytest.mark.django_db
def test_database_orders_names_in_vietnamese():
    province = ProvinceFactory(code="97", name="Tỉnh Thử")
    for index, name in enumerate(NAMES):
        WardFactory(code=f"97{index:03d}", province=province, name=name)
    wards = Ward.objects.filter(province=province)
    assert [w.name for w in vi_ordered(wards, "name")] == EXPECTED
    assert [w.name for w in vi_ordered(wards, "-name")] == EXPECTED[::-1]
    # The model's default order (within a province) and the public pickers use it too.
    assert [w.name for w in wards] == EXPECTED
    assert [w.name for w in public_wards(province)] == EXPECTED


@pytest.mark.django_db
def test_equal_names_stay_equal_and_distinct():
    province = ProvinceFactory(code="96")
    WardFactory(code="96001", province=province, name="Đà Nẵng")
    assert Ward.objects.filter(name="Đà Nẵng").count() == 1
    assert Ward.objects.filter(name="Da Nang").count() == 0


@pytest.mark.django_db
def test_hamlets_and_team_members_in_vietnamese_order():
    ward = WardFactory()
    for name in ["Thôn Vĩnh", "Thôn Đồng", "Thôn Dừa", "Thôn Ánh"]:
        HamletFactory(ward=ward, name=name)
    assert [h.name for h in public_hamlets(ward)] == [
        "Thôn Ánh",
        "Thôn Dừa",
        "Thôn Đồng",
        "Thôn Vĩnh",
    ]
    team = TeamFactory(hamlet=HamletFactory(ward=ward, name="Thôn Gò"))
    for name in ["Vũ Văn An", "Đỗ Thị Bình", "Dương Văn Cường"]:
        MembershipFactory(team=team, member=MemberFactory(ward=ward, full_name=name))
    assert [m.member.full_name for m in team_members(team)] == [
        "Dương Văn Cường",
        "Đỗ Thị Bình",
        "Vũ Văn An",
    ]


@pytest.mark.django_db
def test_admin_unit_choices_in_vietnamese_order(client):
    province = ProvinceFactory(code="95", name="Tỉnh Thử")
    for index, name in enumerate(["Xã Vĩnh", "Phường Đông", "Phường Dương", "Xã Ánh"]):
        WardFactory(code=f"95{index:03d}", province=province, name=name)
    officer = ProvinceOfficerFactory(province=province)
    user_role_groups_sync(user=officer)
    client.force_login(officer)
    response = client.get("/admin/to-cong-nghe/thanh-vien/")
    assert response.status_code == 200
    html = response.content.decode()
    select = re.search(r'<select name="ward"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = [
        label.split(",")[0] for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)", select)
    ]
    assert labels == ["Phường Dương", "Phường Đông", "Xã Ánh", "Xã Vĩnh"]


@pytest.mark.django_db
def test_province_choices_in_vietnamese_order(client):
    for code, name in [("91", "Vĩnh Long"), ("92", "Đà Nẵng"), ("93", "Gia Lai"), ("94", "Cà Mau")]:
        ProvinceFactory(code=code, name=name)
    client.force_login(AdminFactory())
    html = client.get("/admin/to-cong-nghe/thanh-vien/").content.decode()
    select = re.search(r'<select name="province"[^>]*>(.*?)</select>', html, re.S).group(1)
    labels = re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)", select)
    assert labels == ["Cà Mau", "Đà Nẵng", "Gia Lai", "Vĩnh Long"]
    assert list(Province.objects.values_list("code", flat=True)) == ["91", "92", "93", "94"]
