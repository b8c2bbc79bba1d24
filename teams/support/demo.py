"""Demo support log: three months of records for the Phường Vị Tân teams, ending last month.

A few records a week per team, with mixed places, skills and outcomes, made through
``support_record_create`` (``check_permission=False``: the demo acts for the team). The dates
follow the day the demo is loaded; the mix is drawn from a seeded generator, so two loads on the
same day make the same log. ``lms.demo.demo_seed`` runs this loader once (``DemoLoad``); it
must run before the demo's ward months are submitted and approved (an approved month takes no
new record)."""

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from teams.choices import TeamRole, TeamStatus
from teams.models import CommunityTeam, Membership

from .choices import Place
from .models import SupportRecord
from .services import support_record_create

DEMO_WARD = "31333"  # Phường Vị Tân (Thành phố Cần Thơ)
MONTHS = 3
DEMO_NAMESPACE = uuid.UUID("0b7e6f7a-3c1d-4e55-8b8f-5a2f1d9c7e10")

# (place, weight, people range, likely skills, likely outcomes)
KINDS = [
    (
        Place.HOME,
        6,
        (1, 1),
        ["skill_vneid", "skill_public_services"],
        ["vneid_installed", "vneid_level2", "portal_account"],
    ),
    (
        Place.HOME,
        3,
        (1, 2),
        ["skill_cashless", "skill_online_safety"],
        ["cashless_setup", "fraud_warning"],
    ),
    (
        Place.SERVICE_CENTRE,
        4,
        (1, 3),
        ["skill_public_services", "skill_vneid"],
        ["portal_account", "dossier_self", "dossier_proxy"],
    ),
    (
        Place.CLASS,
        2,
        (8, 30),
        ["skill_online_safety", "skill_local_platforms", "skill_online_shopping"],
        ["fraud_warning", "bhvs_enrolled", "vneid_installed"],
    ),
    (
        Place.REMOTE,
        2,
        (1, 1),
        ["skill_online_safety", "skill_public_services"],
        ["fraud_warning", "dossier_self"],
    ),
]


def demo_months(today):
    """The first days of the ``MONTHS`` months that end with last month."""
    first = today.replace(day=1)
    months = []
    for _ in range(MONTHS):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        months.append(first)
    return sorted(months)


def _record_fields(rng, kind):
    place, _weight, (low, high), skills, outcomes = kind
    people = rng.randint(low, high)
    fields = {name: rng.random() < 0.6 for name in skills}
    if not any(fields.values()):
        fields[skills[0]] = True
    for name in outcomes:
        if rng.random() < 0.7:
            fields[name] = rng.randint(1, people) if people > 1 else 1
    if people == 1 and rng.random() < 0.5:
        fields["citizen_gender"] = rng.choice(["male", "female"])
        fields["citizen_birth_year"] = rng.randint(1945, 2006)
    return place, people, fields


@transaction.atomic
def seed(*, stdout=None):
    today = timezone.localdate()
    teams = CommunityTeam.objects.filter(ward__code=DEMO_WARD, status=TeamStatus.ACTIVE).order_by(
        "name", "pk"
    )
    created = 0
    for team in teams:
        members = list(
            Membership.objects.filter(team=team, left_on__isnull=True)
            .select_related("member__user")
            .order_by("pk")
        )
        if not members:
            continue
        leader = next((m for m in members if m.role == TeamRole.LEADER), members[0])
        by = leader.member.user  # Trần Thị Mai's account, once the demo logins exist
        index = 0
        rng = random.Random(f"{team.pk}-{today:%Y%m}")
        weights = [kind[1] for kind in KINDS]
        for month in demo_months(today):
            day = month
            while day.month == month.month:
                if team.founded_on and day < team.founded_on:
                    day += datetime.timedelta(days=1)
                    continue
                # About three helps a week per team, fewer on Sundays.
                chance = 0.15 if day.weekday() == 6 else 0.45
                if rng.random() < chance:
                    kind = rng.choices(KINDS, weights=weights)[0]
                    place, people, fields = _record_fields(rng, kind)
                    helpers = rng.sample([m.member for m in members], k=min(2, len(members)))
                    index += 1
                    key = uuid.uuid5(DEMO_NAMESPACE, f"{team.pk}-{day:%Y%m%d}-{index}")
                    if not SupportRecord.objects.filter(idempotency_key=key).exists():
                        support_record_create(
                            team=team,
                            by=by,
                            date=day,
                            place=place,
                            people=people,
                            helpers=helpers,
                            idempotency_key=key,
                            check_permission=False,
                            **fields,
                        )
                        created += 1
                day += datetime.timedelta(days=1)
    if stdout is not None:
        stdout.write(f"Hỗ trợ người dân: thêm {created} lượt hỗ trợ mẫu.")
