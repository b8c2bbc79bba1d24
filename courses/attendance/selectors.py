"""Reads over sessions and attendance: visibility, counts for completion and for the pages.

Aggregation stays in the database (``Count(..., filter=Q(...))``), so a report over thousands of
sessions is one query whatever its size.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lms.accounts.scoping import scope_for
from teams.models import Membership
from teams.selectors import member_for_user  # noqa: F401 (imported from here by the views)

from .choices import ATTENDED, AttendanceStatus
from .models import Attendance, TrainingSession

ATTENDED_Q = Q(status__in=ATTENDED)


# --- contracts with the courses and certificates apps ---------------------------------------


def attended_sessions_count(*, member, course) -> int:
    """Sessions of ``course`` that ``member`` attended (present or late)."""
    return Attendance.objects.filter(ATTENDED_Q, member=member, session__course=course).count()


# --- visibility -----------------------------------------------------------------------------


def _targets_in(*, ward_id=None, province_id=None):
    """Sessions whose invitations reach a ward (or any ward of a province)."""
    team_through = TrainingSession.target_teams.through.objects.filter(
        trainingsession_id=OuterRef("pk")
    )
    ward_through = TrainingSession.target_wards.through.objects.filter(
        trainingsession_id=OuterRef("pk")
    )
    if ward_id:
        return Exists(team_through.filter(communityteam__ward_id=ward_id)) | Exists(
            ward_through.filter(ward_id=ward_id)
        )
    return Exists(team_through.filter(communityteam__ward__province_id=province_id)) | Exists(
        ward_through.filter(ward__province_id=province_id)
    )


def sessions_visible_to(user) -> QuerySet:
    """Sessions a staff user may open and manage.

    ``Scope.q`` alone gives a ward officer only the sessions their ward organises (the ward
    path); this adds the sessions organised higher up that invite their ward's teams, so the
    officer can follow their people at a province-level class. A province officer likewise sees
    national sessions that invite teams of the province, and a trainer always sees the sessions
    they teach. Exists() subqueries keep the rows distinct without DISTINCT.
    """
    qs = TrainingSession.objects.all()
    scope = scope_for(user)
    if scope.everything:
        return qs
    if not (user and user.is_authenticated):
        return qs.none()
    condition = Exists(
        TrainingSession.trainers.through.objects.filter(
            trainingsession_id=OuterRef("pk"), user_id=user.pk
        )
    )
    if not scope.nothing:
        condition |= _in_scope(scope)
    return qs.filter(condition)


def _in_scope(scope):
    return scope.q(TrainingSession) | _targets_in(
        ward_id=scope.ward_id, province_id=scope.province_id
    )


def sessions_in_scope(scope) -> QuerySet:
    """Sessions organised inside ``scope`` or inviting its teams or wards: what an officer of
    that unit follows (the reports), without the trainer's own sessions."""
    qs = TrainingSession.objects.all()
    if scope.everything:
        return qs
    if scope.nothing:
        return qs.none()
    return qs.filter(_in_scope(scope))


def session_for_user_or_none(user, pk):
    return sessions_visible_to(user).filter(pk=pk).first()


# --- session lists --------------------------------------------------------------------------


def sessions_with_counts(qs: QuerySet) -> QuerySet:
    """Per-session counts users see: invited, present, late, excused, absent, unmarked."""
    S = AttendanceStatus
    return qs.annotate(
        n_invited=Count("attendances"),
        n_present=Count("attendances", filter=Q(attendances__status=S.PRESENT)),
        n_late=Count("attendances", filter=Q(attendances__status=S.LATE)),
        n_excused=Count("attendances", filter=Q(attendances__status=S.EXCUSED)),
        n_absent=Count("attendances", filter=Q(attendances__status=S.ABSENT)),
        n_unmarked=Count("attendances", filter=Q(attendances__status=S.NOT_MARKED)),
        n_attended=Count("attendances", filter=Q(attendances__status__in=ATTENDED)),
    )


def session_calendar(user, *, now=None) -> dict[str, list]:
    """The trainer's calendar-like list: today, upcoming and recent past sessions."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + datetime.timedelta(days=1)
    qs = sessions_with_counts(sessions_visible_to(user)).select_related(
        "organiser_ward", "organiser_province", "course"
    )
    return {
        "today": list(
            qs.filter(starts_at__lt=day_end, ends_at__gte=day_start).order_by("starts_at")
        ),
        "upcoming": list(qs.filter(starts_at__gte=day_end).order_by("starts_at")[:50]),
        "past": list(qs.filter(ends_at__lt=day_start).order_by("-starts_at")[:50]),
    }


def session_roster(session) -> QuerySet:
    return session.attendances.select_related("member", "member__ward", "marked_by").order_by(
        "member__full_name", "pk"
    )


def session_checked_in(session, *, limit=30) -> QuerySet:
    """Who has checked in, newest first, for the trainer's live screen."""
    return (
        session.attendances.filter(ATTENDED_Q)
        .select_related("member")
        .order_by("-checked_in_at", "-pk")[:limit]
    )


def session_live_counts(session) -> dict[str, int]:
    S = AttendanceStatus
    return session.attendances.aggregate(
        invited=Count("pk"),
        attended=Count("pk", filter=ATTENDED_Q),
        present=Count("pk", filter=Q(status=S.PRESENT)),
        late=Count("pk", filter=Q(status=S.LATE)),
    )


def open_sessions(*, now=None) -> QuerySet:
    """Sessions accepting check-in now (for matching a typed 6-digit code)."""
    now = now or timezone.now()
    return TrainingSession.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=now),
        starts_at__lte=now + datetime.timedelta(minutes=240),
        ends_at__gte=now,
    )


# --- the member's side ----------------------------------------------------------------------


def member_sessions(*, member, now=None) -> dict[str, list]:
    """The member's "Lịch tập huấn": upcoming (and today's) sessions, then past ones."""
    now = now or timezone.now()
    rows = (
        Attendance.objects.filter(member=member)
        .select_related("session", "session__course", "session__organiser_ward")
        .order_by("session__starts_at")
    )
    upcoming = [a for a in rows if a.session.ends_at >= now]
    past = [a for a in rows if a.session.ends_at < now][::-1]
    return {"upcoming": upcoming, "past": past}


def member_attendance_history(*, member) -> QuerySet:
    """A member's attendance, newest first, for their profile (teams app) and reports."""
    return (
        Attendance.objects.filter(member=member)
        .select_related("session", "session__course")
        .order_by("-session__starts_at")
    )


def member_attendance_summary(*, member) -> dict[str, int]:
    S = AttendanceStatus
    return Attendance.objects.filter(member=member).aggregate(
        invited=Count("pk"),
        attended=Count("pk", filter=ATTENDED_Q),
        excused=Count("pk", filter=Q(status=S.EXCUSED)),
        absent=Count("pk", filter=Q(status=S.ABSENT)),
    )


# --- roster helpers ---------------------------------------------------------------------


def memberships_active_team_names(member_ids) -> dict[int, str]:
    """Team name per member for roster pages and exports, in one query."""
    names = {}
    for member_id, team in Membership.objects.filter(
        member_id__in=member_ids, left_on__isnull=True
    ).values_list("member_id", "team__name"):
        names.setdefault(member_id, team)
    return names
