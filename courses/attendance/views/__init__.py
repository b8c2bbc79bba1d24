"""Thin views, one module per audience:

- ``trainer``: the trainer's and officer's pages for running a session (calendar, session page,
  live QR screen, roll call, walk-ins, roster changes, closing);
- ``paper``: the printable sign-in sheet, the roster export and the filled sheet's upload;
- ``checkin``: the member's pages (check-in by QR or code, "Lịch tập huấn");
- ``report``: the old address of the attendance-rate report, now in the reports app.

Staff pages look the session up through ``selectors.sessions_visible_to`` (``common``) so a
session outside the user's scope answers 404 whatever id is typed.
"""

from .checkin import checkin, checkin_code, checkin_done, my_sessions
from .paper import roster_export, sheet_upload, sign_in_sheet
from .report import rate_report
from .trainer import (
    mark_present,
    member_unlock,
    roll_call,
    roster_build,
    roster_remove,
    session_close,
    session_detail,
    session_list,
    session_screen,
    session_screen_state,
    walk_in,
)

__all__ = [
    "checkin",
    "checkin_code",
    "checkin_done",
    "mark_present",
    "member_unlock",
    "my_sessions",
    "rate_report",
    "roll_call",
    "roster_build",
    "roster_export",
    "roster_remove",
    "session_close",
    "session_detail",
    "session_list",
    "session_screen",
    "session_screen_state",
    "sheet_upload",
    "sign_in_sheet",
    "walk_in",
]
