"""Permissions this app grants to each role's group (see lms.accounts.groups).

What a role may do; where (which province or ward) is decided by ``lms.accounts.scoping``.
"""

from lms.accounts.choices import Role

_MANAGE = [
    "teams.view_province",
    "teams.view_ward",
    "teams.view_hamlet",
    "teams.add_hamlet",
    "teams.change_hamlet",
    "teams.view_communityteam",
    "teams.add_communityteam",
    "teams.change_communityteam",
    "teams.view_member",
    "teams.add_member",
    "teams.change_member",
]

ROLE_PERMISSIONS = {
    Role.PROVINCE_OFFICER: list(_MANAGE),
    Role.WARD_OFFICER: list(_MANAGE),
    Role.TRAINER: ["teams.view_communityteam", "teams.view_member"],
}
