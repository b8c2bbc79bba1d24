"""Keeps ``AttendanceFact`` equal to the rosters, the people's wards and the teams' members.

A session's rows are recomputed together, by one ``INSERT ... SELECT`` per 2,000 sessions that
counts its attendance rows per ward of the person and per active team of the person:

* when its roster or a mark changes (``sessions_changed``, with the session's other rows, under
  the sessions' advisory locks of :mod:`lms.reports.session_facts`);
* when people change ward or team (``members_moved``): every session they are on the roster
  of, without them when they are about to be deleted.

A bulk load calls :func:`attendance_facts_rebuild`. Portable between SQLite and PostgreSQL.
"""

import functools

from django.db import connections

from courses.attendance.models import Attendance, TrainingSession
from teams.models import CommunityTeam, Member, Membership, Ward

from . import sources
from .models import AttendanceFact
from .session_facts import sessions_lock

CHUNK = 2000
COLUMNS = "session_id, team_id, province_id, ward_id, course_id, starts_at, invited, attended"


@functools.cache
def _insert_sql(where):
    """Both kinds of row for the sessions ``where`` selects (placeholders: the two attended
    statuses twice, then ``where``'s)."""
    session = TrainingSession._meta.db_table
    attendance = Attendance._meta.db_table
    member = Member._meta.db_table
    membership = Membership._meta.db_table
    team = CommunityTeam._meta.db_table
    ward = Ward._meta.db_table
    attended = "COUNT(CASE WHEN a.status IN (%s, %s) THEN 1 END)"
    return f"""
INSERT INTO {AttendanceFact._meta.db_table} ({COLUMNS})
SELECT s.id, NULL, w.province_id, m.ward_id, s.course_id, s.starts_at, COUNT(a.id), {attended}
FROM {attendance} a
JOIN {session} s ON s.id = a.session_id
JOIN {member} m ON m.id = a.member_id
JOIN {ward} w ON w.id = m.ward_id
{where}
GROUP BY s.id, w.province_id, m.ward_id, s.course_id, s.starts_at
UNION ALL
SELECT s.id, t.id, w.province_id, t.ward_id, s.course_id, s.starts_at, COUNT(a.id), {attended}
FROM {attendance} a
JOIN {session} s ON s.id = a.session_id
JOIN {membership} ms ON ms.member_id = a.member_id AND ms.left_on IS NULL
JOIN {team} t ON t.id = ms.team_id
JOIN {ward} w ON w.id = t.ward_id
{where}
GROUP BY s.id, t.id, w.province_id, t.ward_id, s.course_id, s.starts_at"""


def _where(chunk, without):
    sql = f"WHERE a.session_id IN ({', '.join(['%s'] * len(chunk))})"
    args = list(chunk)
    if without:
        sql += f" AND a.member_id NOT IN ({', '.join(['%s'] * len(without))})"
        args += list(without)
    return sql, args


def attendance_facts_refresh(
    *, session_ids, without_member_ids=(), using="default", locked=False
) -> None:
    """Recompute the rows of ``session_ids``, leaving out the attendance rows of
    ``without_member_ids`` (people being deleted). Takes the sessions' locks unless the caller
    holds them (``locked``)."""
    if locked:
        ids = sorted({int(pk) for pk in session_ids if pk is not None})
    else:
        ids = sessions_lock(session_ids=session_ids, using=using)
    without = sorted({int(pk) for pk in without_member_ids})
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            AttendanceFact.objects.using(using).filter(session_id__in=chunk).delete()
            where, args = _where(chunk, without)
            statuses = list(sources.ATTENDED_STATUSES)
            cursor.execute(_insert_sql(where), [*statuses, *args, *statuses, *args])


@functools.cache
def _attended_sql():
    fact = AttendanceFact._meta.db_table
    member = Member._meta.db_table
    membership = Membership._meta.db_table
    return f"""
UPDATE {fact} SET attended = CASE WHEN attended < invited THEN attended + 1 ELSE attended END
WHERE session_id = %s AND (
    (team_id IS NULL AND ward_id = (SELECT ward_id FROM {member} WHERE id = %s))
    OR team_id IN (SELECT team_id FROM {membership} WHERE member_id = %s AND left_on IS NULL))"""


def attendance_facts_attended(*, session_id, member_id, using="default") -> None:
    """One person on the session's roster now attended (a check-in): their ward's row and
    their teams' rows count one more. One short statement where a recount of the roster took
    6 ms, inside the session's lock, with hundreds of people checking in at once. The caller
    holds the session's lock (a full recount in another transaction waits for it). A row
    changed behind the services' back (a mark reset in the database) is never pushed past its
    roster: the check-in must not fail on derived data; ``rebuild_report_facts`` repairs it."""
    with connections[using].cursor() as cursor:
        cursor.execute(_attended_sql(), [session_id, member_id, member_id])


def attendance_facts_rebuild(*, using="default") -> int:
    """Recompute every row: one statement. Returns the number of rows."""
    AttendanceFact.objects.using(using).all().delete()
    statuses = list(sources.ATTENDED_STATUSES)
    with connections[using].cursor() as cursor:
        cursor.execute(_insert_sql(""), [*statuses, *statuses])
    return AttendanceFact.objects.using(using).count()


def members_moved_receiver(sender, *, member_ids, removing=False, **kwargs) -> None:
    """People changed ward or team: recount the sessions they are on the roster of."""
    ids = sorted({int(pk) for pk in member_ids if pk is not None})
    if not ids:
        return
    session_ids = set()
    for start in range(0, len(ids), CHUNK):
        session_ids.update(
            Attendance.objects.filter(member_id__in=ids[start : start + CHUNK])
            .values_list("session_id", flat=True)
            .distinct()
        )
    if session_ids:
        attendance_facts_refresh(
            session_ids=session_ids, without_member_ids=ids if removing else ()
        )
