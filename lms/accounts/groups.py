"""The admin-side groups behind each role, rebuilt after every migrate and by the demo loader.

Administrators are superusers and need no group; members use the public site only. The other
roles get one group each, holding ``wagtailadmin.access_admin`` plus what each app grants in its
``ROLE_PERMISSIONS``. The Wagtail user form puts a user in the group of their role
(``lms.accounts.services.user_role_groups_sync``). README.md (Accounts section) lists what each group can do.
"""

from .choices import Role

# role -> (group name, base permissions). Each app adds the permissions its screens need: its
# ``<app>/permissions.py`` holds ``ROLE_PERMISSIONS = {Role.X: ["app_label.codename", ...]}``
# and its ``AppConfig.ready()`` hands them to :func:`role_permissions_register`. The apps sit
# above this one, so they come to it; it never imports them.
_APP_PERMISSIONS: dict[str, dict] = {}

ROLE_GROUPS = {
    Role.PROVINCE_OFFICER: ("Cán bộ cấp tỉnh", ["wagtailadmin.access_admin"]),
    # Ward officers print activation slips and reset passwords of members in their ward.
    Role.WARD_OFFICER: (
        "Cán bộ cấp xã",
        ["wagtailadmin.access_admin", "accounts.add_activationcode"],
    ),
    Role.TRAINER: ("Giảng viên", ["wagtailadmin.access_admin"]),
    Role.REVIEWER: ("Người duyệt nội dung", ["wagtailadmin.access_admin"]),
}


def role_permissions_register(*, app_label: str, permissions: dict) -> None:
    """Called by an app's ``AppConfig.ready()`` with its ``ROLE_PERMISSIONS``."""
    _APP_PERMISSIONS[app_label] = permissions


def role_permissions():
    merged = {role: list(perms) for role, (_name, perms) in ROLE_GROUPS.items()}
    for permissions in _APP_PERMISSIONS.values():
        for role, perms in permissions.items():
            merged.setdefault(role, []).extend(perms)
    return merged


def groups_sync():
    from django.contrib.auth.models import Group, Permission

    groups = {}
    for role, perms in role_permissions().items():
        if role not in ROLE_GROUPS:
            continue
        name = ROLE_GROUPS[role][0]
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)
        groups[role] = group
    return groups


def group_for_role(role):
    from django.contrib.auth.models import Group

    entry = ROLE_GROUPS.get(role)
    return Group.objects.filter(name=entry[0]).first() if entry else None
