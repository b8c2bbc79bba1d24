"""The admin-side groups behind each role, rebuilt after every migrate and by the demo loader.

Administrators are superusers and need no group; members use the public site only. The other
roles get one group each, holding ``wagtailadmin.access_admin`` plus what each app grants in its
``ROLE_PERMISSIONS``. The Wagtail user form puts a user in the group of their role
(``lms.accounts.services.user_role_groups_sync``). README.md (Accounts section) lists what each group can do.
"""

from django.utils.translation import gettext_lazy as _

from .choices import Role

# role -> (group name, base permissions). Each app adds the permissions its screens need in its
# own ``<app>/permissions.py`` as ``ROLE_PERMISSIONS = {Role.X: ["app_label.codename", ...]}``.
PERMISSION_MODULES = [
    "teams.permissions",
    "courses.permissions",
    "courses.attendance.permissions",
    "certificates.permissions",
    "lms.reports.permissions",
]

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

GROUP_HELP = _("Nhóm quyền gắn với vai trò; được tạo tự động.")


def role_permissions():
    from django.utils.module_loading import import_string

    merged = {role: list(perms) for role, (_name, perms) in ROLE_GROUPS.items()}
    for module in PERMISSION_MODULES:
        for role, perms in import_string(f"{module}.ROLE_PERMISSIONS").items():
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
