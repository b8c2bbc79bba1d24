"""Permissions this app grants to each role's group (see lms.accounts.groups).

Trainers, ward and province officers organise sessions and mark attendance; which sessions each
may touch is decided by scoping (``selectors.sessions_visible_to``), not by these codenames.
"""

from lms.accounts.choices import Role

_MANAGE = [
    "attendance.add_trainingsession",
    "attendance.change_trainingsession",
    "attendance.view_trainingsession",
    "attendance.manage_attendance",
    "attendance.view_attendance",
    "attendance.change_attendance",
    "attendance.view_attendancechange",
]

ROLE_PERMISSIONS = {
    Role.TRAINER: _MANAGE,
    Role.WARD_OFFICER: [*_MANAGE, "attendance.delete_trainingsession"],
    Role.PROVINCE_OFFICER: [*_MANAGE, "attendance.delete_trainingsession"],
}
