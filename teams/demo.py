"""Demo registry: hamlets, teams and members in two wards of Cần Thơ (idempotent)."""

import datetime

from django.db import transaction

from .choices import Affiliation, Gender, HamletKind, ITQualification, TeamRole
from .models import CommunityTeam, Hamlet, Member, Membership, Ward

DEMO_WARDS = ["31333", "31321"]  # Phường Vị Tân, Phường Vị Thanh (Thành phố Cần Thơ)

# (ward code, hamlet kind, hamlet name, [(name, gender, born, phone, role, affiliation, it)])
DEMO_TEAMS = [
    (
        "31333",
        HamletKind.KHU_PHO,
        "Khu vực 1",
        [
            (
                "Trần Thị Mai",
                Gender.FEMALE,
                1990,
                "0912000005",
                TeamRole.LEADER,
                Affiliation.HAMLET_HEAD,
                ITQualification.COLLEGE,
            ),
            (
                "Lê Văn Hùng",
                Gender.MALE,
                1985,
                "0912000101",
                TeamRole.DEPUTY,
                Affiliation.POLICE,
                ITQualification.NONE,
            ),
            (
                "Nguyễn Thị Hồng Nhung",
                Gender.FEMALE,
                1998,
                "0912000102",
                TeamRole.MEMBER,
                Affiliation.YOUTH_UNION,
                ITQualification.UNIVERSITY,
            ),
            (
                "Phạm Minh Tuấn",
                Gender.MALE,
                1979,
                "0912000103",
                TeamRole.MEMBER,
                Affiliation.TELECOM,
                ITQualification.VOCATIONAL,
            ),
        ],
    ),
    (
        "31333",
        HamletKind.KHU_PHO,
        "Khu vực 2",
        [
            (
                "Võ Thị Thu Hà",
                Gender.FEMALE,
                1988,
                "0912000201",
                TeamRole.LEADER,
                Affiliation.TEACHER,
                ITQualification.UNIVERSITY,
            ),
            (
                "Huỳnh Văn Phúc",
                Gender.MALE,
                1970,
                "0912000202",
                TeamRole.MEMBER,
                Affiliation.VETERANS,
                ITQualification.NONE,
            ),
            (
                "Đặng Ngọc Lan",
                Gender.FEMALE,
                1995,
                "0912000203",
                TeamRole.MEMBER,
                Affiliation.WOMEN_UNION,
                ITQualification.COLLEGE,
            ),
        ],
    ),
    ("31333", HamletKind.KHU_PHO, "Khu vực 3", []),  # a hamlet with no team yet: a coverage gap
    (
        "31321",
        HamletKind.KHU_PHO,
        "Khu vực 4",
        [
            (
                "Bùi Quốc Khánh",
                Gender.MALE,
                1983,
                "0912000301",
                TeamRole.LEADER,
                Affiliation.HAMLET_HEAD,
                ITQualification.NONE,
            ),
            (
                "Lý Thị Kim Chi",
                Gender.FEMALE,
                2000,
                "0912000302",
                TeamRole.MEMBER,
                Affiliation.HEALTH,
                ITQualification.COLLEGE,
            ),
        ],
    ),
]


@transaction.atomic
def seed(*, stdout=None):
    wards = {w.code: w for w in Ward.objects.filter(code__in=DEMO_WARDS)}
    for ward_code, kind, hamlet_name, people in DEMO_TEAMS:
        ward = wards[ward_code]
        hamlet, _ = Hamlet.objects.get_or_create(
            ward=ward, kind=kind, name=hamlet_name, is_active=True
        )
        if not people:
            continue
        team, _ = CommunityTeam.objects.get_or_create(
            hamlet=hamlet,
            status="active",
            defaults={
                "ward": ward,
                "level": "hamlet",
                "name": CommunityTeam.default_name(hamlet=hamlet),
                "decision_number": "Số: 45/QĐ-UBND",
                "decision_date": datetime.date(2025, 8, 15),
                "decision_body": f"UBND {ward.name}",
                "founded_on": datetime.date(2025, 8, 15),
            },
        )
        for name, gender, born, phone, role, affiliation, it in people:
            member, _ = Member.objects.get_or_create(
                phone=phone,
                defaults={
                    "full_name": name,
                    "gender": gender,
                    "date_of_birth": datetime.date(born, 5, 1),
                    "ward": ward,
                    "affiliation": affiliation,
                    "it_qualification": it,
                    "it_major": it in (ITQualification.UNIVERSITY, ITQualification.COLLEGE),
                    "public_consent": role == TeamRole.LEADER,
                },
            )
            Membership.objects.get_or_create(
                member=member,
                team=team,
                left_on=None,
                defaults={"role": role, "joined_on": datetime.date(2025, 8, 15)},
            )
