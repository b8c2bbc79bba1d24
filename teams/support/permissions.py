"""Permissions this app grants to each role's group (see lms.accounts.groups).

Officers keep the support log of their area (view, add, correct); trainers read it. Nobody is
given ``delete_supportrecord``: corrections are edits, nothing is deleted. Which records each
may touch is decided by scoping (``lms.accounts.scoping``), not by these codenames. Team members
record on the public site (``/ho-tro/``), where ``selectors.may_record_for`` decides.
"""

from lms.accounts.choices import Role

_KEEP = [
    "support.view_supportrecord",
    "support.add_supportrecord",
    "support.change_supportrecord",
]

ROLE_PERMISSIONS = {
    Role.PROVINCE_OFFICER: list(_KEEP),
    Role.WARD_OFFICER: list(_KEEP),
    Role.TRAINER: ["support.view_supportrecord"],
}
