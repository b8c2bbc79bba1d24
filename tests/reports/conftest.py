"""A small hand-made data set whose every report figure is worked out in the tests' docstrings.

Province 92 has wards 31333 (hamlets Khu vực 1-3 + one merged away, teams in KV1 and KV2,
a commune-level team, a dissolved team in KV3) and 31321 (Khu vực 4 with a team); province 93
has one ward with one hamlet and no team. The period under test is 2026-q3.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from lms.accounts.services import user_role_groups_sync
from teams.choices import Affiliation, Gender, ITQualification, TeamLevel, TeamRole, TeamStatus
from tests.factories.accounts import ProvinceOfficerFactory, UserFactory, WardOfficerFactory
from tests.factories.reports import (
    AttendanceFactory,
    CertificateFactory,
    CompletionFactory,
    EnrolmentFactory,
    SessionFactory,
    TopicFactory,
    course_create,
)
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)


def at(year, month, day, hour=8):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0))


def member_in(team, *, role=TeamRole.MEMBER, left_on=None, **fields):
    member = MemberFactory(ward=team.ward, **fields)
    MembershipFactory(member=member, team=team, role=role, left_on=left_on)
    return member


def officer(factory, **kwargs):
    user = factory(**kwargs)
    user_role_groups_sync(user=user)
    return user


@pytest.fixture
def dataset(db):
    p = ProvinceFactory(code="92", name="Thành phố Cần Thơ", short_name="Cần Thơ")
    q = ProvinceFactory(code="93", name="Tỉnh Thử Hậu Giang", short_name="Hậu Giang")
    w1 = WardFactory(code="31333", province=p, name="Phường Vị Tân")
    w2 = WardFactory(code="31321", province=p, name="Phường Vị Thanh")
    w3 = WardFactory(code="31400", province=q, name="Xã Thử Xa")
    h1 = HamletFactory(ward=w1, name="Khu vực 1")
    h2 = HamletFactory(ward=w1, name="Khu vực 2")
    h3 = HamletFactory(ward=w1, name="Khu vực 3")
    HamletFactory(ward=w1, name="Khu vực cũ", is_active=False)
    h5 = HamletFactory(ward=w2, name="Khu vực 4")
    HamletFactory(ward=w3, name="Ấp Một")

    t1 = TeamFactory(hamlet=h1)
    t2 = TeamFactory(hamlet=h2)
    tw = TeamFactory(hamlet=None, ward=w1, level=TeamLevel.WARD, name="Tổ cấp phường Vị Tân")
    t3 = TeamFactory(hamlet=h3, status=TeamStatus.DISSOLVED, dissolved_on=datetime.date(2026, 1, 1))
    t5 = TeamFactory(hamlet=h5)

    m1 = member_in(
        t1,
        role=TeamRole.LEADER,
        gender=Gender.FEMALE,
        date_of_birth=datetime.date(1990, 5, 1),
        affiliation=Affiliation.YOUTH_UNION,
        it_qualification=ITQualification.UNIVERSITY,
        it_major=True,
    )
    m2 = member_in(t1, gender=Gender.MALE, date_of_birth=datetime.date(1960, 1, 1))
    m3 = member_in(
        t2, role=TeamRole.DEPUTY, gender=Gender.FEMALE, date_of_birth=datetime.date(2000, 1, 1)
    )
    member_in(t2, left_on=datetime.date(2026, 2, 1))  # m4 left: not counted anywhere
    m5 = member_in(tw, gender=Gender.MALE, date_of_birth=None)
    m6 = member_in(t5, gender=Gender.MALE, date_of_birth=datetime.date(1980, 6, 1))
    member_in(t3)  # m7 in a dissolved team: not counted

    topic_a = TopicFactory(name="Chính quyền số thử", slug="chinh-quyen-so-thu")
    topic_b = TopicFactory(name="An toàn thông tin thử", slug="an-toan-thong-tin-thu")
    c1 = course_create(title="Dịch vụ công trực tuyến", code="DVC-01", topics=[topic_a])
    c2 = course_create(title="An toàn trên mạng", code="ATTT-01", topics=[topic_b])

    s1 = SessionFactory(
        organiser_province=p, organiser_ward=w1, course=c1, starts_at=at(2026, 8, 10)
    )
    AttendanceFactory(session=s1, member=m1, status="present")
    AttendanceFactory(session=s1, member=m2, status="absent")
    AttendanceFactory(session=s1, member=m5, status="late")
    s2 = SessionFactory(organiser_province=p, course=c2, starts_at=at(2026, 6, 1))
    AttendanceFactory(session=s2, member=m6, status="present")
    s3 = SessionFactory(organiser_province=p, course=c2, starts_at=at(2026, 9, 10))
    AttendanceFactory(session=s3, member=m6, status="excused")

    CompletionFactory(member=m3, course=c1, completed_on=datetime.date(2026, 8, 1))
    EnrolmentFactory(member=m1, course=c1, enrolled_at=at(2026, 7, 5))
    EnrolmentFactory(member=m3, course=c1, enrolled_at=at(2026, 7, 5))
    EnrolmentFactory(member=m6, course=c2, enrolled_at=at(2026, 9, 1))

    CertificateFactory(holder=m1, course=c1, issued_on=datetime.date(2026, 8, 15))
    CertificateFactory(
        holder=m2,
        course=c1,
        issued_on=datetime.date(2026, 8, 20),
        status="revoked",
        revoked_at=at(2026, 8, 25),
    )
    CertificateFactory(
        holder=m3,
        course=c2,
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2026, 1, 1),
    )
    CertificateFactory(holder=m6, course=c2, issued_on=datetime.date(2026, 9, 2))

    return SimpleNamespace(**locals())


@pytest.fixture
def province_officer(dataset):
    return officer(ProvinceOfficerFactory, province=dataset.p)


@pytest.fixture
def ward_officer(dataset):
    return officer(WardOfficerFactory, ward=dataset.w1)


@pytest.fixture
def member_user(dataset):
    return UserFactory()


@pytest.fixture
def place(db):
    """A team of three members in its ward (the fact tests' small world)."""
    team = TeamFactory()
    members = []
    for _n in range(3):
        member = MemberFactory(ward=team.ward)
        MembershipFactory(member=member, team=team)
        members.append(member)
    return team, members
