"""Applying a checked list: work out what to create and update (the preview's counts), then
write it all in one transaction with ``bulk_create`` / ``bulk_update``."""

from django.db import transaction
from django.utils import timezone

from lms.core.signals import members_changed_send, members_moved_send

from ...choices import TeamLevel, TeamRole
from ...fields import refresh_search_keys
from ...models import CommunityTeam, Hamlet, Member, Membership
from .lookups import CHUNK, open_memberships

MEMBER_UPDATE_FIELDS = [
    "full_name",
    "gender",
    "date_of_birth",
    "email",
    "cccd",
    "phone",
    "affiliation",
    "it_qualification",
    "it_major",
    "search_key",
    "updated_at",
]
# Row values that are the member's own fields.
MEMBER_VALUES = (
    "full_name",
    "phone",
    "cccd",
    "email",
    "gender",
    "date_of_birth",
    "affiliation",
    "it_qualification",
    "it_major",
)


def plan(parsed, *, teams_by_hamlet, report) -> dict:
    """What to create and update (the keyword arguments of :func:`write`, but for the new
    hamlets); counts go into ``report`` for the preview."""
    labels = {f.name: str(f.verbose_name) for f in Member._meta.fields}
    new_teams, to_create, to_update = {}, [], []
    for item in parsed:
        item["team"] = _team_for(item, teams_by_hamlet, new_teams, report)
        is_new = item["member"] is None
        member = _member_for(item, report, labels)
        if member is not None:
            (to_create if is_new else to_update).append(member)
    new_memberships, changed_memberships = _plan_memberships(parsed, teams_by_hamlet)
    report.memberships_created = len(new_memberships)
    report.memberships_updated = len(changed_memberships)
    return {
        "new_teams": new_teams,
        "to_create": to_create,
        "to_update": to_update,
        "new_memberships": new_memberships,
        "changed_memberships": changed_memberships,
    }


def _team_for(item, teams_by_hamlet, new_teams, report):
    """The hamlet's active team, or a new one (one per hamlet, founded on the first date)."""
    hamlet = item["hamlet"]
    team = teams_by_hamlet.get(hamlet.pk) if hamlet.pk else None
    if team is None:
        team = new_teams.get(id(hamlet))
    if team is None:
        team = CommunityTeam(
            level=TeamLevel.HAMLET,
            ward=item["ward"],
            hamlet=hamlet,
            name=CommunityTeam.default_name(hamlet=hamlet),
            founded_on=item["joined_on"],
        )
        new_teams[id(hamlet)] = team
        report.teams_created.append(team.name)
    return team


def _member_for(item, report, labels):
    """A new ``Member`` for someone new; for someone registered, the member with the file's
    values set, or ``None`` when nothing changes. Blank cells keep what is recorded."""
    values = {key: item[key] for key in MEMBER_VALUES}
    member = item["member"]
    if member is None:
        member = Member(ward=item["ward"], **{k: v for k, v in values.items() if v is not None})
        item["member"] = member
        report.created.append((item["row"], member.full_name, member.phone))
        return member
    changed = [
        key
        for key, value in values.items()
        if value not in (None, "") and getattr(member, key) != value
    ]
    if not changed:
        report.unchanged += 1
        return None
    for key in changed:
        setattr(member, key, values[key])
    report.updated.append((item["row"], member.full_name, [labels[k] for k in changed]))
    return member


def _plan_memberships(parsed, teams_by_hamlet):
    """Rows that need a new membership, and open memberships whose role the file changes."""
    existing = open_memberships(
        member_ids={i["member"].pk for i in parsed if i["member"].pk},
        team_ids={t.pk for t in teams_by_hamlet.values()},
    )
    new_memberships, changed_memberships = [], []
    for item in parsed:
        member, team = item["member"], item["team"]
        current = existing.get((member.pk, team.pk)) if member.pk and team.pk else None
        if current is None:
            new_memberships.append(item)
        elif item["role"] and current.role != item["role"]:
            current.role = item["role"]
            changed_memberships.append(current)
    return new_memberships, changed_memberships


def write(*, new_hamlets, new_teams, to_create, to_update, new_memberships, changed_memberships):
    """All writes in one transaction, in bulk; ids come back from ``bulk_create``."""
    with transaction.atomic():
        Hamlet.objects.bulk_create(list(new_hamlets.values()), batch_size=CHUNK)
        for team in new_teams.values():
            team.hamlet_id = team.hamlet.pk
        CommunityTeam.objects.bulk_create(list(new_teams.values()), batch_size=CHUNK)
        Member.objects.bulk_create(to_create, batch_size=CHUNK)
        now = timezone.now()
        for member in to_update:
            member.updated_at = now
        refresh_search_keys(to_update)
        Member.objects.bulk_update(to_update, MEMBER_UPDATE_FIELDS, batch_size=CHUNK)
        Membership.objects.bulk_create(
            [
                Membership(
                    member_id=item["member"].pk,
                    team_id=item["team"].pk,
                    role=item["role"] or TeamRole.MEMBER,
                    joined_on=item["joined_on"] or timezone.localdate(),
                )
                for item in new_memberships
            ],
            batch_size=CHUNK,
        )
        Membership.objects.bulk_update(changed_memberships, ["role"], batch_size=CHUNK)
        # New memberships count in the coverage report; people imported without any were
        # in no team before either.
        members_changed_send(
            sender=__name__,
            member_ids=[item["member"].pk for item in new_memberships]
            + [member.pk for member in to_update]
            + [membership.member_id for membership in changed_memberships],
        )
        # New teams and updated wards move where their past sessions count.
        members_moved_send(
            sender=__name__,
            member_ids=[item["member"].pk for item in new_memberships]
            + [member.pk for member in to_update],
        )
