"""A small Cần Thơ: two wards of the demo area, their hamlets and teams, and the users who
manage them. Named like the real units so that the import's name matching is exercised."""

import datetime
from types import SimpleNamespace

import pytest

from lms.accounts.choices import Role
from lms.accounts.services import user_role_groups_sync
from teams.choices import HamletKind, TeamRole, WardType
from tests.factories.accounts import (
    AdminFactory,
    ProvinceOfficerFactory,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
)
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)


def with_groups(user):
    user_role_groups_sync(user=user)
    return user


@pytest.fixture
def area(db):
    can_tho = ProvinceFactory(code="92", name="Thành phố Cần Thơ", short_name="Cần Thơ")
    ha_noi = ProvinceFactory(code="01", name="Thành phố Hà Nội", short_name="Hà Nội")
    vi_tan = WardFactory(
        code="31333",
        province=can_tho,
        name="Phường Vị Tân",
        short_name="Vị Tân",
        ward_type=WardType.PHUONG,
    )
    vi_thanh = WardFactory(
        code="31321",
        province=can_tho,
        name="Phường Vị Thanh",
        short_name="Vị Thanh",
        ward_type=WardType.PHUONG,
    )
    hong_ha = WardFactory(
        code="00097",
        province=ha_noi,
        name="Phường Hồng Hà",
        short_name="Hồng Hà",
        ward_type=WardType.PHUONG,
    )
    kv1 = HamletFactory(ward=vi_tan, kind=HamletKind.KHU_PHO, name="Khu vực 1")
    kv2 = HamletFactory(ward=vi_tan, kind=HamletKind.KHU_PHO, name="Khu vực 2")
    kv4 = HamletFactory(ward=vi_thanh, kind=HamletKind.KHU_PHO, name="Khu vực 4")
    team1 = TeamFactory(hamlet=kv1)
    team4 = TeamFactory(hamlet=kv4)
    leader = MemberFactory(
        full_name="Trần Thị Mai",
        phone="0912000005",
        cccd="092190000005",
        date_of_birth=datetime.date(1990, 5, 1),
        ward=vi_tan,
        public_consent=True,
    )
    shy = MemberFactory(
        full_name="Lê Văn Hùng",
        phone="0912000101",
        cccd="092185000101",
        date_of_birth=datetime.date(1985, 5, 1),
        ward=vi_tan,
        public_consent=False,
    )
    MembershipFactory(member=leader, team=team1, role=TeamRole.LEADER)
    MembershipFactory(member=shy, team=team1, role=TeamRole.DEPUTY)
    other = MemberFactory(full_name="Bùi Quốc Khánh", phone="0912000301", ward=vi_thanh)
    MembershipFactory(member=other, team=team4, role=TeamRole.LEADER)
    return SimpleNamespace(
        can_tho=can_tho,
        ha_noi=ha_noi,
        vi_tan=vi_tan,
        vi_thanh=vi_thanh,
        hong_ha=hong_ha,
        kv1=kv1,
        kv2=kv2,
        kv4=kv4,
        team1=team1,
        team4=team4,
        leader=leader,
        shy=shy,
        other=other,
    )


@pytest.fixture
def users(area):
    return SimpleNamespace(
        admin=AdminFactory(),
        province_officer=with_groups(ProvinceOfficerFactory(province=area.can_tho)),
        ward_officer=with_groups(WardOfficerFactory(ward=area.vi_tan, province=area.can_tho)),
        other_ward_officer=with_groups(
            WardOfficerFactory(ward=area.vi_thanh, province=area.can_tho)
        ),
        other_province_officer=with_groups(ProvinceOfficerFactory(province=area.ha_noi)),
        trainer=with_groups(TrainerFactory(province=area.can_tho)),
        member=with_groups(UserFactory(role=Role.MEMBER)),
    )
