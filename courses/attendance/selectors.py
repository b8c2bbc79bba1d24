"""Reads over sessions and attendance: visibility, counts for completion and for the pages.

Aggregation stays in the database (``Count(..., filter=Q(...))``), so a report over thousands of
sessions is one query whatever its size.
"""

import datetime

from axes.models import AccessAttempt
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lms.accounts.backends import account_key
from lms.accounts.lockout import is_account_locked
from lms.accounts.scoping import scope_for
from teams.models import Member, Membership
from teams.selectors import member_for_user  # noqa: F401 (imported from here by the views)

from .choices import ATTENDED, AttendanceStatus
from .models import AUTO_CLOSE_AFTER, Attendance, TrainingSession

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


# --- who may be added to a session ---------------------------------------------------------


def session_area_ward_ids(session) -> set[int]:
    """The wards a session reaches: its organising ward, its invited wards and the wards of its
    invited teams."""
    wards = set(session.target_wards.values_list("pk", flat=True))
    wards |= set(session.target_teams.values_list("ward_id", flat=True))
    if session.organiser_ward_id:
        wards.add(session.organiser_ward_id)
    return wards


def members_addable_to(session, user) -> QuerySet:
    """The people ``user`` may add to ``session`` (at the door or from the paper sheet): those
    registered inside the session's invited area (see :func:`session_area_ward_ids`; a
    province-level session with no ward reaches its province), active members of its invited
    teams, and whoever the user's own scope covers. Nobody else: a phone outside these is
    answered "không thuộc phạm vi", never with a name (issue 15, item 2)."""
    wards = session_area_ward_ids(session)
    if wards:
        area = Q(ward_id__in=wards)
    elif session.organiser_province_id:
        area = Q(ward__province_id=session.organiser_province_id)
    else:
        area = Q(pk__in=[])
    invited_team = Membership.objects.filter(
        member=OuterRef("pk"), left_on__isnull=True, team__in=session.target_teams.all()
    )
    condition = area | Exists(invited_team)
    scope = scope_for(user)
    if not scope.nothing:
        condition |= scope.q(Member)
    return Member.objects.filter(condition, anonymised_at__isnull=True)


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
    """The trainer's calendar-like list: in progress now, the rest of today, upcoming and recent
    past sessions."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + datetime.timedelta(days=1)
    qs = sessions_with_counts(sessions_visible_to(user)).select_related(
        "organiser_ward", "organiser_province", "course"
    )
    return {
        "ongoing": list(qs.filter(starts_at__lte=now, ends_at__gte=now).order_by("starts_at")),
        "today": list(
            qs.filter(starts_at__lt=day_end, ends_at__gte=day_start)
            .exclude(starts_at__lte=now, ends_at__gte=now)
            .order_by("starts_at")
        ),
        "upcoming": list(qs.filter(starts_at__gte=day_end).order_by("starts_at")[:50]),
        "past": list(qs.filter(ends_at__lt=day_start).order_by("-starts_at")[:50]),
    }


def session_roster(session) -> QuerySet:
    return session.attendances.select_related(
        "member", "member__ward", "member__user", "marked_by"
    ).order_by("member__full_name", "pk")


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
    """The member's "Lịch tập huấn": sessions in progress ("Đang diễn ra"), upcoming ones
    ("Sắp tới", not started yet), then past ones."""
    now = now or timezone.now()
    rows = (
        Attendance.objects.filter(member=member)
        .select_related("session", "session__course", "session__organiser_ward")
        .order_by("session__starts_at")
    )
    ongoing = [a for a in rows if a.session.starts_at <= now <= a.session.ends_at]
    upcoming = [a for a in rows if a.session.starts_at > now]
    past = [a for a in rows if a.session.ends_at < now][::-1]
    return {"ongoing": ongoing, "upcoming": upcoming, "past": past}


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


# --- sign-in locks of people on a roster ----------------------------------------------------


def roster_locked_user_ids(rows) -> set[int]:
    """Accounts among the roster ``rows`` whose sign-in is locked by wrong passwords, for the
    trainer's "Mở khóa đăng nhập" and one-tap "Ghi có mặt". One query finds the accounts with
    any recorded failure; only those few are asked ``lockout.is_account_locked`` (the rule
    stays in one place)."""
    users = {row.member.user.pk: row.member.user for row in rows if row.member.user_id}
    if not users:
        return set()
    keys = {account_key(user): pk for pk, user in users.items()}
    failing = set(
        AccessAttempt.objects.filter(username__in=keys).values_list("username", flat=True)
    )
    return {keys[key] for key in failing if is_account_locked(users[keys[key]])}


def trainer_teaches_member(actor, user, *, now=None) -> bool:
    """Whether ``actor`` trains a session still running (not closed) with ``user``'s member
    record on its roster: the attendance app's answer to the accounts app's
    ``accounts_may_unlock`` hook."""
    if actor is None or user is None or not getattr(actor, "pk", None):
        return False
    now = now or timezone.now()
    return TrainingSession.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gt=now),
        trainers=actor,
        attendances__member__user=user,
        ends_at__gte=now - AUTO_CLOSE_AFTER,
    ).exists()
