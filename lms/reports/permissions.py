"""Permissions this app grants to each role's group (see lms.accounts.groups).

Administrators are superusers and need no grant; trainers and reviewers do not see the
aggregate reports, because their scope is about content, not about administrative units.
"""

from lms.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.PROVINCE_OFFICER: ["reports.view_reports"],
    Role.WARD_OFFICER: ["reports.view_reports"],
}
