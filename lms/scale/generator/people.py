"""Members of the teams, their sign-in accounts and memberships, and one trainer per province.

Scale people are recognised by the reserved phone range ``PHONE_PREFIX`` (0100xxxxxx), the test
range of ``lms.core.validators`` that no real subscriber has and production refuses.
"""

import datetime
from collections import defaultdict

from lms.accounts.models import User
from teams.models import Member, Membership

from .. import names
from .presets import (
    AFFILIATION_WEIGHTS,
    PHONE_PREFIX,
    QUALIFICATION_WEIGHTS,
    SOUTHERN,
    TEAM_SIZE_WEIGHTS,
    TRAINER_USERNAME_PREFIX,
    weighted,
)


class People:
    """Composes Vietnamese names, birth dates, phones and CCCD numbers."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = 0
        family, weights = zip(*names.FAMILY_NAMES, strict=True)
        self.family, self.family_weights = family, weights

    def person(self, *, southern, province_code):
        rng = self.rng
        gender = "female" if rng.random() < 0.47 else "male"
        family = rng.choices(self.family, weights=self.family_weights)[0]
        if southern:
            family = names.SOUTHERN_SPELLING.get(family, family)
        if gender == "female":
            middle = weighted(rng, names.FEMALE_MIDDLE)
            given = rng.choice(names.FEMALE_GIVEN)
        else:
            middle = weighted(rng, names.MALE_MIDDLE)
            given = rng.choice(names.MALE_GIVEN)
        born = datetime.date(1962, 1, 1) + datetime.timedelta(days=rng.randrange(0, 43 * 365))
        serial = self.serial
        self.serial += 1
        phone = f"{PHONE_PREFIX}{serial:06d}"
        cccd = ""
        if rng.random() < 0.7:
            # CCCD: birth-registration province (3 digits), century and gender digit, year of
            # birth (2 digits), then a serial; unique because the serial is.
            century_gender = (0 if born.year < 2000 else 2) + (1 if gender == "female" else 0)
            cccd = f"{int(province_code):03d}{century_gender}{born.year % 100:02d}{serial:06d}"
        return {
            "family": family,
            "middle": middle,
            "given": given,
            "full_name": f"{family} {middle} {given}",
            "gender": gender,
            "date_of_birth": born,
            "phone": phone,
            "cccd": cccd,
        }


def add_trainer(run, province):
    """The province's trainer account, who organises every scale session there."""
    return run.writer.create(
        [
            User(
                username=f"{TRAINER_USERNAME_PREFIX}{province.code}",
                first_name="Giảng viên",
                last_name=f"Quy mô {province.short_name}",
                role="trainer",
                province_id=province.pk,
                password=run.password,
            )
        ]
    )[0]


def add_members(run, province, teams):
    """Members with their accounts (leaders sign in) and memberships. Returns the members and,
    per ward, the (member, team) pairs."""
    rng = run.rng
    sizes, size_weights = zip(*TEAM_SIZE_WEIGHTS.items(), strict=True)
    southern = province.code in SOUTHERN
    users, members, roles = [], [], []
    for team in teams:
        size = rng.choices(sizes, weights=size_weights)[0]
        deputies = min(rng.randint(0, 2), size - 1)
        for position in range(size):
            role = "leader" if position == 0 else "deputy" if position <= deputies else "member"
            member, user = _member(run, team, role, southern=southern, province=province)
            if user is not None:
                users.append(user)
            members.append(member)
            roles.append((team, role))
    run.writer.create(users)
    for member in members:
        user = getattr(member, "_scale_user", None)
        if user is not None:
            member.user_id = user.pk
    run.writer.create(members)
    return members, _add_memberships(run, members, roles)


def _member(run, team, role, *, southern, province):
    """An unsaved member of ``team`` and, for a leader, the account they sign in with."""
    rng = run.rng
    person = run.people.person(southern=southern, province_code=province.code)
    qualification = weighted(rng, QUALIFICATION_WEIGHTS)
    affiliation = (
        "hamlet_head"
        if role == "leader" and rng.random() < 0.5
        else weighted(rng, AFFILIATION_WEIGHTS)
    )
    consent = rng.random() < 0.4
    member = Member(
        full_name=person["full_name"],
        gender=person["gender"],
        date_of_birth=person["date_of_birth"],
        phone=person["phone"],
        cccd=person["cccd"],
        affiliation=affiliation,
        it_qualification=qualification,
        it_major=qualification in ("college", "university", "postgraduate") and rng.random() < 0.3,
        ward_id=team.ward_id,
        public_consent=consent,
        public_consent_at=run.now if consent else None,
    )
    if len(run.stats.first_names) < 20:
        run.stats.first_names.append(person["full_name"])
    if role != "leader":
        return member, None
    user = User(
        username=person["phone"],
        phone=person["phone"],
        first_name=person["given"],
        last_name=f"{person['family']} {person['middle']}",
        role="member",
        password=run.password,
    )
    member._scale_user = user
    return member, user


def _add_memberships(run, members, roles):
    ward_members = defaultdict(list)
    for member, (team, role) in zip(members, roles, strict=True):
        run.writer.add(
            Membership(
                member_id=member.pk,
                team_id=team.pk,
                role=role,
                joined_on=team.founded_on + datetime.timedelta(days=run.rng.randint(0, 60)),
            )
        )
        ward_members[team.ward_id].append((member, team))
    return ward_members
