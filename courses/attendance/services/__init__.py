"""Write flows of the attendance app, one module per subject:

- ``sessions``: create, change, delete and close sessions and build their roster;
- ``marking``: every way of marking attendance (QR, code, roll call);
- ``adding``: adding people not on the roster (walk-in, paper sheet), inside the session's area
  or the user's scope only;
- ``offline``: roll call marks made on a trainer's phone without a network, sent later.

Callers import from this package. Tests that replace a name must patch the module that looks
it up (``courses.attendance.services.marking._course_completion_evaluate``), not this one.
"""

from .adding import SheetImport, attendance_sheet_import, attendance_walk_in
from .marking import (
    attendance_check_in,
    attendance_mark_all_present,
    attendance_remove,
    attendance_roll_call,
    session_check_open,
)
from .offline import attendance_offline_mark
from .sessions import (
    session_attendee_ids,
    session_attendees_activity_refresh,
    session_close,
    session_create,
    session_delete,
    session_roster_build,
    session_update,
)

__all__ = [
    "SheetImport",
    "attendance_check_in",
    "attendance_mark_all_present",
    "attendance_offline_mark",
    "attendance_remove",
    "attendance_roll_call",
    "attendance_sheet_import",
    "attendance_walk_in",
    "session_attendee_ids",
    "session_attendees_activity_refresh",
    "session_check_open",
    "session_close",
    "session_create",
    "session_delete",
    "session_roster_build",
    "session_update",
]
