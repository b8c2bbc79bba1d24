"""The staffing, per-course and per-session rows in one place: how the services' signals reach
them and how a bulk load rebuilds them.

``members_changed`` first recomputes the people's coverage rows (``lms.reports.activity``, its
own receiver, connected first) and then, here, the staffing rows read from those and the
per-course rows; ``sessions_changed`` recomputes the sessions' counts (``SessionFact`` and
``AttendanceFact``) and ``members_moved`` the attendance counts of the sessions of people who
changed ward or team. All of it inside the sending service's transaction.
"""

import time

from lms.core.signals import members_changed, members_moved, sessions_changed

from .attendance_facts import (
    attendance_facts_attended,
    attendance_facts_rebuild,
    attendance_facts_refresh,
    members_moved_receiver,
)
from .learner_facts import learner_facts_rebuild, learner_facts_refresh
from .session_facts import session_facts_rebuild, session_facts_refresh, sessions_lock
from .staffing_facts import staffing_facts_rebuild, staffing_facts_refresh


def member_facts_receiver(sender, *, member_ids, **kwargs) -> None:
    """After the coverage rows of ``member_ids``: their staffing and per-course rows."""
    ids = list(member_ids)
    staffing_facts_refresh(member_ids=ids)
    learner_facts_refresh(member_ids=ids)


def sessions_receiver(sender, *, session_ids, attended_member_id=None, **kwargs) -> None:
    """A roster or a mark changed: the sessions' rows, under their locks taken once. A
    check-in of someone on the roster adds one to the per-unit counts instead of recounting."""
    ids = sessions_lock(session_ids=session_ids)
    session_facts_refresh(session_ids=ids, locked=True)
    if attended_member_id is not None and len(ids) == 1:
        attendance_facts_attended(session_id=ids[0], member_id=attended_member_id)
    else:
        attendance_facts_refresh(session_ids=ids, locked=True)


def connect():
    """Called by ``ReportsConfig.ready()`` after the coverage receiver is connected."""
    members_changed.connect(member_facts_receiver, dispatch_uid="reports.member_facts")
    sessions_changed.connect(sessions_receiver, dispatch_uid="reports.session_facts")
    members_moved.connect(members_moved_receiver, dispatch_uid="reports.attendance_facts")


def report_facts_rebuild() -> dict:
    """Recompute the staffing, per-course, per-session and attendance rows of everyone, after
    the coverage rows (``member_activity_rebuild``) are up to date. Returns row counts and
    seconds."""
    started = time.perf_counter()
    counts = {
        "staffing": staffing_facts_rebuild(),
        "sessions": session_facts_rebuild(),
        "learner_courses": learner_facts_rebuild(),
        "attendance": attendance_facts_rebuild(),
    }
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts
