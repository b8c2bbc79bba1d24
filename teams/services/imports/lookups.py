"""Everything the rows refer to, read up front in a few set-based queries (chunked so that
``IN`` lists stay short on every database): no row causes a query of its own."""

from dataclasses import dataclass

from ...choices import TeamLevel, TeamRole, TeamStatus
from ...models import CommunityTeam, Hamlet, Member, Membership

CHUNK = 500


def chunks(values, size=CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class References:
    hamlets_by_ward: dict  # ward id -> [active hamlets]
    teams_by_hamlet: dict  # hamlet id -> active hamlet-level team
    members_by_phone: dict
    members_by_cccd: dict


def references_load(*, ward_ids, phones, cccds) -> References:
    hamlets_by_ward = {}
    for hamlet in Hamlet.objects.filter(ward_id__in=ward_ids, is_active=True):
        hamlets_by_ward.setdefault(hamlet.ward_id, []).append(hamlet)
    teams_by_hamlet = {
        t.hamlet_id: t
        for t in CommunityTeam.objects.filter(
            ward_id__in=ward_ids, status=TeamStatus.ACTIVE, level=TeamLevel.HAMLET
        )
    }
    members_by_phone, members_by_cccd = {}, {}
    for chunk in chunks(phones):
        for m in Member.objects.filter(phone__in=chunk):
            members_by_phone[m.phone] = m
    for chunk in chunks(cccds):
        for m in Member.objects.filter(cccd__in=chunk):
            members_by_cccd[m.cccd] = m
    return References(hamlets_by_ward, teams_by_hamlet, members_by_phone, members_by_cccd)


def current_leaders(teams) -> dict:
    """hamlet id -> member id of the team's leader today."""
    return dict(
        Membership.objects.filter(
            team__in=teams, role=TeamRole.LEADER, left_on__isnull=True
        ).values_list("team__hamlet_id", "member_id")
    )


def open_memberships(*, member_ids, team_ids) -> dict:
    """(member id, team id) -> the membership still open."""
    found = {}
    for chunk in chunks(member_ids):
        for ms in Membership.objects.filter(
            member_id__in=chunk, team_id__in=team_ids, left_on__isnull=True
        ):
            found[(ms.member_id, ms.team_id)] = ms
    return found
