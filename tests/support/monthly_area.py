"""Shared setup of the monthly report, completeness and indicator tests: two provinces, two
wards in the first, one in the second, a team per ward, and the officers of each."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

import teams.support.wagtail_hooks_monthly  # noqa: F401  (admin URLs, log labels)
from lms.accounts.services import user_role_groups_sync
from teams.support.forms_monthly import recent_months
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory, WardOfficerFactory
from tests.factories.teams import HamletFactory, ProvinceFactory, TeamFactory, WardFactory

FOUNDED = datetime.date(2024, 1, 1)


def with_groups(user):
    user_role_groups_sync(user=user)
    return user


def months_ago(n):
    return recent_months(n + 1)[n]


def day_in(month, day=10):
    """A day of ``month`` that is not in the future."""
    return min(month.replace(day=day), timezone.localdate())


@pytest.fixture(name="area")
def area_fixture(db):
    p1 = ProvinceFactory(code="92", name="Thành phố Cần Thơ")
    p2 = ProvinceFactory(code="01", name="Thành phố Hà Nội")
    w1 = WardFactory(code="31333", province=p1, name="Phường Vị Tân")
    w2 = WardFactory(code="31321", province=p1, name="Phường Vị Thanh")
    w3 = WardFactory(code="00097", province=p2, name="Phường Hồng Hà")
    h1 = HamletFactory(ward=w1, name="Khu vực 1")
    h1b = HamletFactory(ward=w1, name="Khu vực 2")
    h2 = HamletFactory(ward=w2, name="Khu vực 3")
    h3 = HamletFactory(ward=w3, name="Tổ dân phố 5")
    t1 = TeamFactory(hamlet=h1, ward=w1, founded_on=FOUNDED)
    t1b = TeamFactory(hamlet=h1b, ward=w1, founded_on=FOUNDED)
    t2 = TeamFactory(hamlet=h2, ward=w2, founded_on=FOUNDED)
    t3 = TeamFactory(hamlet=h3, ward=w3, founded_on=FOUNDED)
    return SimpleNamespace(
        p1=p1,
        p2=p2,
        w1=w1,
        w2=w2,
        w3=w3,
        h1=h1,
        h1b=h1b,
        h2=h2,
        h3=h3,
        t1=t1,
        t1b=t1b,
        t2=t2,
        t3=t3,
        ward_officer=with_groups(WardOfficerFactory(ward=w1, province=p1)),
        other_ward_officer=with_groups(WardOfficerFactory(ward=w2, province=p1)),
        province_officer=with_groups(ProvinceOfficerFactory(province=p1)),
        other_province_officer=with_groups(ProvinceOfficerFactory(province=p2)),
        admin=AdminFactory(),
    )
