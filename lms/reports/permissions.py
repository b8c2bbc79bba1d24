"""Permissions this app grants to each role's group (see lms.accounts.groups)."""

ROLE_PERMISSIONS = {}
