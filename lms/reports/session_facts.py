"""Keeps ``SessionFact`` equal to the sessions and their rosters.

The attendance services send ``lms.core.signals.sessions_changed`` inside their transaction
whenever a roster gains or loses a row or a mark changes (roster built on create or edit,
check-in, roll call, walk-in, sheet import, removal); the receiver, connected in
``ReportsConfig.ready()``, recomputes those sessions' rows from the attendance rows with one
``INSERT ... SELECT``. A deleted session takes its row with it (``CASCADE``). A bulk load
(``seed_scale``) calls :func:`session_facts_rebuild`.
"""

import functools

from django.db import connections

from courses.attendance.models import Attendance, TrainingSession

from . import sources
from .models import SessionFact

CHUNK = 2000
# First key of the advisory locks taken on a session's rows (the second is the session id, or
# 0 for the lock every recount takes shared and a very large one exclusively).
LOCK_NAMESPACE = 18_02
MANY_SESSIONS = 200


@functools.cache
def _insert_sql(where):
    session = TrainingSession._meta.db_table
    attendance = Attendance._meta.db_table
    return f"""
INSERT INTO {SessionFact._meta.db_table}
    (session_id, organiser_province_id, organiser_ward_id, course_id, starts_at, invited,
     attended)
SELECT s.id, s.organiser_province_id, s.organiser_ward_id, s.course_id, s.starts_at,
       COUNT(a.id), COUNT(CASE WHEN a.status IN (%s, %s) THEN 1 END)
FROM {session} s LEFT JOIN {attendance} a ON a.session_id = s.id
{where}
GROUP BY s.id, s.organiser_province_id, s.organiser_ward_id, s.course_id, s.starts_at"""


def sessions_lock(*, session_ids, using="default") -> list[int]:
    """Take the sessions' recount locks for this transaction; returns the ids, sorted.

    300 people checking in to one session at once all recount its rows. Without a lock, two
    recounts each delete the old rows and insert new ones: the second insert collides with the
    first (primary key or unique row) and its check-in fails. A transaction-level advisory lock
    per session (taken in id order, released at commit) makes them take turns, and the recount
    that waited then sees every committed mark. Every recount first takes key 0 shared; a write
    touching more than ``MANY_SESSIONS`` sessions (an import moving a province's people) takes
    key 0 alone, exclusively, instead of thousands of locks (PostgreSQL's lock table holds
    about 64 per connection). SQLite lets one writer in at a time anyway.
    """
    ids = sorted({int(pk) for pk in session_ids if pk is not None})
    connection = connections[using]
    if connection.vendor != "postgresql" or not ids:
        return ids
    with connection.cursor() as cursor:
        if len(ids) > MANY_SESSIONS:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [LOCK_NAMESPACE])
            return ids
        # Key 0 shared and the first session in one round trip (evaluated left to right). The
        # recounts that follow read a few hundred rows while others wait for the lock: for the
        # rest of this transaction no parallel workers (measured on a 202-person roster: 11.5
        # ms with two workers launched, 1.7 ms without; check-ins at once halved).
        cursor.execute(
            "SELECT pg_advisory_xact_lock_shared(%s, 0), pg_advisory_xact_lock(%s, %s),"
            " set_config('max_parallel_workers_per_gather', '0', true)",
            [LOCK_NAMESPACE, LOCK_NAMESPACE, ids[0]],
        )
        for session_id in ids[1:]:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, session_id])
    return ids


def session_facts_refresh(*, session_ids, using="default", locked=False) -> None:
    """Recompute the rows of ``session_ids`` (two statements per 2,000 sessions), under the
    sessions' locks (:func:`sessions_lock`, unless the caller holds them: ``locked``)."""
    if locked:
        ids = sorted({int(pk) for pk in session_ids if pk is not None})
    else:
        ids = sessions_lock(session_ids=session_ids, using=using)
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            SessionFact.objects.using(using).filter(session_id__in=chunk).delete()
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                _insert_sql(f"WHERE s.id IN ({placeholders})"),
                [*sources.ATTENDED_STATUSES, *chunk],
            )


def session_facts_rebuild(*, using="default") -> int:
    """Recompute every row: one statement. Returns the number of rows."""
    SessionFact.objects.using(using).all().delete()
    with connections[using].cursor() as cursor:
        cursor.execute(_insert_sql(""), list(sources.ATTENDED_STATUSES))
    return SessionFact.objects.using(using).count()
