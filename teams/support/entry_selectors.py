"""Reads behind the phone entry, the leader's month and the import: plain querysets and sums."""

from django.db.models import Count, Sum

from teams.choices import TeamRole, TeamStatus
from teams.models import CommunityTeam, Member
from teams.selectors import member_for_user

from .choices import OUTCOMES
from .models import SupportRecord


def helpers_of(teams):
    """The current members of ``teams``: who may be named as having helped."""
    return (
        Member.objects.filter(memberships__team__in=teams, memberships__left_on__isnull=True)
        .distinct()
        .order_by("full_name", "pk")
    )


def last_record_of(user):
    """The user's last record: its place and skills are the next form's defaults."""
    return (
        SupportRecord.objects.filter(recorded_by=user, is_tally=False)
        .order_by("-created_at", "-pk")
        .first()
    )


def records_of_day(teams, day, limit=10):
    return (
        SupportRecord.objects.filter(team__in=teams, date=day)
        .select_related("team", "recorded_by")
        .order_by("-pk")[:limit]
    )


def teams_led_by(user):
    """The active teams ``user`` leads (leader or deputy) now."""
    member = member_for_user(user)
    if member is None:
        return CommunityTeam.objects.none()
    return (
        CommunityTeam.objects.filter(
            status=TeamStatus.ACTIVE,
            memberships__member=member,
            memberships__left_on__isnull=True,
            memberships__role__in=[TeamRole.LEADER, TeamRole.DEPUTY],
        )
        .select_related("ward", "hamlet")
        .distinct()
        .order_by("name", "pk")
    )


def month_records(team, month):
    return (
        SupportRecord.objects.filter(team=team, month=month)
        .select_related("recorded_by")
        .prefetch_related("helpers")
        .order_by("date", "pk")
    )


def month_totals(records) -> dict:
    """Records, people and each outcome's count of ``records``, in one query."""
    sums = records.order_by().aggregate(
        records=Count("pk"),
        people=Sum("people"),
        **{name: Sum(name) for name, _label in OUTCOMES},
    )
    return {key: value or 0 for key, value in sums.items()}
