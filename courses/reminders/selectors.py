"""Reads for the planner, the calendars and the message listing."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from courses.attendance.models import Attendance, TrainingSession
from courses.attendance.selectors import sessions_visible_to
from lms.accounts.choices import Role
from lms.accounts.scoping import scope_queryset

from .choices import DUE_STATUSES
from .models import CalendarFeedToken, OutboundMessage, ReminderPreference

# The feed lists sessions from this long ago on: enough for "what did I attend last month",
# small enough for a phone calendar to refresh.
FEED_PAST = datetime.timedelta(days=90)


def invitations_to_remind(*, after, until, kind) -> QuerySet:
    """Invited roster rows of open sessions starting in ``(after, until]`` that have no
    ``kind`` reminder yet for the session's current start: the people still to remind. Walk-ins
    (``invited=False``) were never invited; anonymised people are nobody to remind. Rows
    already planned are left out here, so a run every few minutes costs little."""
    planned = OutboundMessage.objects.filter(
        kind=kind,
        session_id=OuterRef("session_id"),
        member_id=OuterRef("member_id"),
        event_at=OuterRef("session__starts_at"),
    )
    return (
        Attendance.objects.filter(
            invited=True,
            session__starts_at__gt=after,
            session__starts_at__lte=until,
            session__closed_at__isnull=True,
            member__anonymised_at__isnull=True,
        )
        .filter(~Exists(planned))
        .select_related("session", "member", "member__ward")
        .order_by("session_id", "member_id")
    )


def trainer_sessions_between(*, start, end) -> dict:
    """``{trainer: [sessions by start]}`` for open sessions starting in ``[start, end)``."""
    sessions = (
        TrainingSession.objects.filter(
            starts_at__gte=start, starts_at__lt=end, closed_at__isnull=True
        )
        .prefetch_related("trainers")
        .order_by("starts_at")
    )
    by_trainer = {}
    for session in sessions:
        for trainer in session.trainers.all():
            if trainer.is_active:
                by_trainer.setdefault(trainer, []).append(session)
    return by_trainer


def officers_for_deadlines():
    """Active ward and province officers, the people who answer for the monthly reports."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=[Role.WARD_OFFICER, Role.PROVINCE_OFFICER])
        .select_related("ward", "province")
        .order_by("pk")
    )


def preferences_for(user_ids) -> dict:
    """``{user_id: ReminderPreference}`` (absent: every channel on)."""
    ids = [pk for pk in set(user_ids) if pk]
    return {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=ids)}


def preference_of(user) -> ReminderPreference | None:
    return ReminderPreference.objects.filter(user=user).first()


def is_invited(*, session_id, member_id) -> bool:
    return Attendance.objects.filter(
        session_id=session_id, member_id=member_id, invited=True
    ).exists()


# --- calendars -------------------------------------------------------------------------------


def sessions_of_person(user, *, now=None) -> QuerySet:
    """Sessions ``user`` is invited to (through their member record) or teaches, recent and
    upcoming: what their private calendar lists. Nothing else, whatever their scope."""
    invited = Attendance.objects.filter(session_id=OuterRef("pk"), member__user=user)
    teaching = TrainingSession.trainers.through.objects.filter(
        trainingsession_id=OuterRef("pk"), user_id=user.pk
    )
    qs = TrainingSession.objects.filter(Exists(invited) | Exists(teaching))
    if now is not None:
        qs = qs.filter(ends_at__gte=now - FEED_PAST)
    return qs.order_by("starts_at")


def session_for_calendar(user, pk):
    """The session if ``user`` is invited to it, teaches it or may manage it; else None."""
    mine = sessions_of_person(user).filter(pk=pk).first()
    if mine is not None:
        return mine
    return sessions_visible_to(user).filter(pk=pk).first()


def active_feed_token(user) -> CalendarFeedToken | None:
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_token_by_value(token: str) -> CalendarFeedToken | None:
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )


# --- the message listing ---------------------------------------------------------------------


def messages_visible_to(user) -> QuerySet:
    """The outbox rows of the user's area (administrators: all)."""
    return scope_queryset(
        user,
        OutboundMessage.objects.select_related("session", "province", "ward"),
    )


def due_message_ids(*, now, limit) -> list[int]:
    return list(
        OutboundMessage.objects.filter(Q(status__in=DUE_STATUSES), next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
