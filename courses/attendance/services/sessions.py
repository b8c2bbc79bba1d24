"""Write flows for training sessions: create, change and delete them, build their roster and
close them. The admin's create, edit and delete screens call these, so the roster and the
attendees' coverage rows follow every write whichever screen made it."""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.signals import members_changed_send, sessions_changed_send
from teams.choices import TeamStatus
from teams.models import Member, Membership

from ..choices import ATTENDED, AttendanceStatus, CheckInMethod
from ..models import Attendance, AttendanceChange, TrainingSession


@transaction.atomic
def session_create(
    *,
    title: str,
    venue: str,
    starts_at,
    ends_at,
    organiser_province=None,
    organiser_ward=None,
    course=None,
    trainers: Iterable = (),
    target_teams: Iterable = (),
    target_wards: Iterable = (),
    created_by=None,
    build_roster: bool = True,
    **fields,
) -> TrainingSession:
    """Create a session and invite the active members of its target teams and wards.

    The new rows are invitations, not attendance, so no coverage row changes yet.
    """
    session = TrainingSession(
        title=title,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        organiser_province=organiser_province,
        organiser_ward=organiser_ward,
        course=course,
        created_by=created_by,
        **fields,
    )
    session.full_clean()
    session.save()
    session.trainers.set(trainers)
    session.target_teams.set(target_teams)
    session.target_wards.set(target_wards)
    if build_roster:
        session_roster_build(session=session)
    else:
        sessions_changed_send(sender=__name__, session_ids=[session.pk])
    return session


def _training_month(moment):
    """The month a session counts in for its attendees' coverage rows (local time)."""
    local = timezone.localtime(moment)
    return local.year, local.month


@transaction.atomic
def session_update(
    *,
    session: TrainingSession,
    trainers: Iterable | None = None,
    target_teams: Iterable | None = None,
    target_wards: Iterable | None = None,
    by=None,
    **fields,
) -> TrainingSession:
    """Change a session's fields (and, when given, its trainers and invitations), then invite
    the active members of the targets it now has.

    When the session moves to another month its attendees trained in another month, so their
    coverage rows are recomputed. The stored start is read again because an admin form may
    already have changed ``session`` in memory.
    """
    stored_start = (
        TrainingSession.objects.filter(pk=session.pk).values_list("starts_at", flat=True).get()
    )
    for name, value in fields.items():
        setattr(session, name, value)
    if session.created_by_id is None and by is not None:
        session.created_by = by
    session.full_clean()
    session.save()
    for relation, values in (
        (session.trainers, trainers),
        (session.target_teams, target_teams),
        (session.target_wards, target_wards),
    ):
        if values is not None:
            relation.set(values)
    session_roster_build(session=session)
    if _training_month(stored_start) != _training_month(session.starts_at):
        session_attendees_activity_refresh(session=session)
    return session


@transaction.atomic
def session_delete(*, session: TrainingSession) -> None:
    """Delete a session with its roster; its attendees lose that training month, so their
    coverage rows are recomputed (ids taken before the rows go)."""
    attendees = session_attendee_ids(session=session)
    session.delete()
    session_attendees_activity_refresh(member_ids=attendees)


def _active_members_of_targets(session):
    teams = Q(team__in=session.target_teams.all()) | Q(team__ward__in=session.target_wards.all())
    active = Membership.objects.filter(
        teams, left_on__isnull=True, team__status=TeamStatus.ACTIVE, member=OuterRef("pk")
    )
    return Member.objects.filter(Exists(active), anonymised_at__isnull=True)


@transaction.atomic
def session_roster_build(*, session: TrainingSession) -> int:
    """Invite every active member of the target teams (and of the teams of target wards).

    Additive and idempotent: people already on the roster keep their row and status; people
    removed by hand come back only if they are still in a target team when it is rebuilt.
    Returns how many people were newly invited. Two queries plus one bulk insert.
    """
    already = Attendance.objects.filter(session=session, member=OuterRef("pk"))
    new_ids = list(
        _active_members_of_targets(session).filter(~Exists(already)).values_list("pk", flat=True)
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, member_id=pk, invited=True) for pk in new_ids],
        batch_size=500,
        ignore_conflicts=True,
    )
    sessions_changed_send(sender=__name__, session_ids=[session.pk])
    return len(new_ids)


def session_attendee_ids(*, session: TrainingSession) -> list[int]:
    """The people who attended ``session`` (present or late)."""
    return list(session.attendances.filter(status__in=ATTENDED).values_list("member_id", flat=True))


@transaction.atomic
def session_attendees_activity_refresh(*, session=None, member_ids=None) -> None:
    """After a session is moved to other dates or deleted, the months its attendees trained in
    may have changed; recompute their coverage rows. Pass ``member_ids`` taken before a
    delete, or the session to read them from."""
    if member_ids is None:
        member_ids = session_attendee_ids(session=session)
    members_changed_send(sender=__name__, member_ids=member_ids)


@transaction.atomic
def session_close(*, session: TrainingSession, by, now=None) -> TrainingSession:
    """Settle the record: people still unmarked become absent; later changes need a reason."""
    now = now or timezone.now()
    if session.closed_at:
        return session
    unmarked = list(session.attendances.filter(status=AttendanceStatus.NOT_MARKED))
    for attendance in unmarked:
        attendance.status = AttendanceStatus.ABSENT
        attendance.marked_by = by
    Attendance.objects.bulk_update(unmarked, ["status", "marked_by"], batch_size=500)
    AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                attendance=a,
                changed_by=by,
                changed_at=now,
                old_status=AttendanceStatus.NOT_MARKED,
                new_status=AttendanceStatus.ABSENT,
                method=CheckInMethod.ROLL_CALL,
                reason=_("Đóng buổi: chưa điểm danh được ghi vắng không phép"),
            )
            for a in unmarked
        ],
        batch_size=500,
    )
    session.closed_at = now
    session.save(update_fields=["closed_at", "updated_at"])
    return session
