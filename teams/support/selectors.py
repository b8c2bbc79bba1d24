"""Reads of the support log: who may record for which team, and whether a month is locked."""

import datetime

from lms.accounts.scoping import scope_for, scope_queryset
from teams.choices import TeamRole, TeamStatus
from teams.models import CommunityTeam, Membership
from teams.selectors import member_for_user

from .choices import MonthStatus
from .models import SupportRecord, WardMonth


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_is_locked(*, ward_id, month: datetime.date) -> bool:
    """An approved ward month is locked: its records are not created, changed or moved."""
    return WardMonth.objects.filter(
        ward_id=ward_id, month=month_start(month), status=MonthStatus.APPROVED
    ).exists()


def teams_of_member_user(user):
    """The active teams a signed-in member belongs to now (a person may be in two)."""
    member = member_for_user(user)
    if member is None:
        return CommunityTeam.objects.none()
    return CommunityTeam.objects.filter(
        status=TeamStatus.ACTIVE,
        memberships__member=member,
        memberships__left_on__isnull=True,
    ).distinct()


def leads_team(user, team) -> bool:
    """Whether ``user`` is the leader (or deputy) of ``team`` now."""
    member = member_for_user(user)
    return (
        member is not None
        and Membership.objects.filter(
            member=member,
            team=team,
            left_on__isnull=True,
            role__in=[TeamRole.LEADER, TeamRole.DEPUTY],
        ).exists()
    )


def may_record_for(user, team) -> bool:
    """Members record for their own active teams; officers for teams in their scope."""
    if user is None or not user.is_authenticated:
        return False
    if teams_of_member_user(user).filter(pk=team.pk).exists():
        return True
    return user.is_staff and scope_for(user).covers(team)


def may_correct(user, record) -> bool:
    """The one who recorded it, the team's leader, and officers whose scope covers it."""
    if user is None or not user.is_authenticated:
        return False
    if record.recorded_by_id == user.pk or leads_team(user, record.team):
        return True
    return user.is_staff and scope_for(user).covers(record)


def records_for(user):
    """Support records ``user`` may see: officers by scope, members their teams' records."""
    if user.is_staff:
        return scope_queryset(user, SupportRecord.objects.all())
    return SupportRecord.objects.filter(team__in=teams_of_member_user(user))
