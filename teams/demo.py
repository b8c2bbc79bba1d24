"""Demo registry: hamlets, teams and members in two wards of Cần Thơ (idempotent)."""

import datetime

from django.db import transaction

from .choices import Affiliation, Gender, HamletKind, ITQualification, TeamRole, TeamStatus
from .models import CommunityTeam, Hamlet, Member, Membership, Ward
from .services import (
    hamlet_create,
    member_consent_set,
    member_register,
    membership_join,
    team_register,
)

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
    """Create the demo registry through the services; rows that exist are left as they are."""
    wards = {w.code: w for w in Ward.objects.filter(code__in=DEMO_WARDS)}
    founded = datetime.date(2025, 8, 15)
    created = 0
    for ward_code, kind, hamlet_name, people in DEMO_TEAMS:
        ward = wards[ward_code]
        hamlet = Hamlet.objects.filter(
            ward=ward, kind=kind, name=hamlet_name, is_active=True
        ).first()
        if hamlet is None:
            hamlet = hamlet_create(ward=ward, kind=kind, name=hamlet_name)
        if not people:
            continue
        team = CommunityTeam.objects.filter(hamlet=hamlet, status=TeamStatus.ACTIVE).first()
        if team is None:
            team = team_register(
                hamlet=hamlet,
                decision_number="Số: 45/QĐ-UBND",
                decision_date=founded,
                decision_body=f"UBND {ward.name}",
                founded_on=founded,
            )
        for name, gender, born, phone, role, affiliation, it in people:
            member = Member.objects.filter(phone=phone).first()
            if member is None:
                member = member_register(
                    ward=ward,
                    full_name=name,
                    phone=phone,
                    gender=gender,
                    date_of_birth=datetime.date(born, 5, 1),
                    affiliation=affiliation,
                    it_qualification=it,
                    it_major=it in (ITQualification.UNIVERSITY, ITQualification.COLLEGE),
                )
                created += 1
                if role == TeamRole.LEADER:
                    # Leaders agreed to be listed on the public "find your team" page.
                    member_consent_set(member=member, consent=True)
            if not Membership.objects.filter(member=member, team=team, left_on=None).exists():
                membership_join(member=member, team=team, role=role, joined_on=founded)
    if stdout is not None:
        stdout.write(f"Tổ công nghệ số: thêm {created} thành viên mẫu.")
