"""Write flows for hamlets: creating, correcting, deleting and merging them.

A merger carries the merged hamlets' teams along, so that no active team is left on a hamlet
that no longer exists (the coverage report would count it under commune-level teams and the
public "find your team" page would still list it).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..choices import TeamRole, TeamStatus
from ..models import CommunityTeam, Hamlet
from .registry import (
    _check_fields,
    _delete_logged,
    _log,
    _validate,
    membership_join,
    team_dissolve,
    team_has_other_leader,
    team_update,
)

HAMLET_FIELDS = ("ward", "kind", "name", "code", "is_active", "valid_from", "valid_to")


@transaction.atomic
def hamlet_create(
    *,
    ward,
    name,
    kind,
    code="",
    is_active: bool = True,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    by=None,
) -> Hamlet:
    hamlet = Hamlet(
        ward=ward,
        name=name,
        kind=kind,
        code=code or "",
        is_active=is_active,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _validate(hamlet)
    hamlet.save()
    _log(hamlet, "wagtail.create", by, content_changed=True)
    return hamlet


@transaction.atomic
def hamlet_update(*, hamlet: Hamlet, by=None, **changes) -> Hamlet:
    """Correct a hamlet's details (``HAMLET_FIELDS``); mergers go through ``hamlet_merge``."""
    _check_fields(HAMLET_FIELDS, changes, "hamlet_update")
    for field, value in changes.items():
        setattr(hamlet, field, value)
    hamlet.code = hamlet.code or ""
    _validate(hamlet)
    hamlet.save()
    _log(hamlet, "wagtail.edit", by, content_changed=True)
    return hamlet


@transaction.atomic
def hamlet_delete(*, hamlet: Hamlet, by=None) -> None:
    """Only for a hamlet entered by mistake: one with teams is refused (``PROTECT``)."""
    _delete_logged(hamlet, by)


@transaction.atomic
def hamlet_merge(
    *,
    hamlets,
    merged_on: datetime.date,
    into: Hamlet | None = None,
    name: str = "",
    kind: str = "",
    by=None,
) -> Hamlet:
    """Merge ``hamlets`` into ``into`` (an existing hamlet) or into a new hamlet ``kind name``
    of the same ward. Merged hamlets are kept, inactive, with ``valid_to`` the day before the
    merger and the successor recorded, so old records and import files still resolve.

    Their active teams follow (:func:`_teams_follow`): moved to the successor when it has no
    active team, otherwise merged into the successor's team."""
    hamlets = [h for h in hamlets if into is None or h.pk != into.pk]
    if not hamlets:
        raise ValidationError(_("Chọn ít nhất một thôn, tổ dân phố để sáp nhập."))
    wards = {h.ward_id for h in hamlets} | ({into.ward_id} if into else set())
    if len(wards) != 1:
        raise ValidationError(_("Chỉ sáp nhập các thôn, tổ dân phố trong cùng một xã, phường."))
    if any(not h.is_active for h in hamlets) or (into is not None and not into.is_active):
        raise ValidationError(_("Có thôn, tổ dân phố đã ngừng tồn tại."))
    valid_to = merged_on - datetime.timedelta(days=1)
    for hamlet in hamlets:
        hamlet.is_active = False
        hamlet.valid_to = valid_to
        hamlet.full_clean()
        hamlet.save(update_fields=["is_active", "valid_to"])
    if into is None:
        if not (name and kind):
            raise ValidationError(_("Cần tên và loại của thôn, tổ dân phố mới."))
        into = hamlet_create(
            ward=hamlets[0].ward, name=name, kind=kind, valid_from=merged_on, by=by
        )
    for hamlet in hamlets:
        hamlet.successors.add(into)
        _teams_follow(hamlet=hamlet, into=into, merged_on=merged_on, by=by)
    return into


def _teams_follow(*, hamlet, into, merged_on, by):
    for team in hamlet.teams.filter(status=TeamStatus.ACTIVE):
        successor = into.teams.filter(status=TeamStatus.ACTIVE).first()
        if successor is None:
            _team_move(team=team, into=into, by=by)
        else:
            _team_absorb(team=team, successor=successor, merged_on=merged_on, by=by)


def _team_move(*, team, into, by):
    """The successor has no team: this one becomes its team, keeping its members and history.
    A name that only said which hamlet it served follows the new hamlet."""
    changes = {"hamlet": into, "ward": into.ward}
    if team.name == CommunityTeam.default_name(hamlet=team.hamlet, ward=team.ward):
        changes["name"] = ""  # team_update gives it the successor's default name
    team_update(team=team, by=by, **changes)


def _team_absorb(*, team, successor, merged_on, by):
    """The successor already has a team: every current member joins it (keeping their role,
    except that a team has one leader: a second one joins as an ordinary member) and this team
    is dissolved, which ends their old memberships on the merger date with the reason."""
    for membership in team.memberships.filter(left_on__isnull=True).select_related("member"):
        member = membership.member
        if successor.memberships.filter(member=member, left_on__isnull=True).exists():
            continue  # already in both teams: only the old membership ends
        role = membership.role
        if role == TeamRole.LEADER and team_has_other_leader(successor, member):
            role = TeamRole.MEMBER
        membership_join(member=member, team=successor, role=role, joined_on=merged_on, by=by)
    reason = _("Sáp nhập vào %(team)s") % {"team": successor.name}
    team_dissolve(team=team, dissolved_on=merged_on, reason=reason, by=by)
