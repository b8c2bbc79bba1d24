"""Demo logins, one per role (idempotent). Returns the (role, login, password) lines to print."""

from django.db import transaction

from teams.models import Member, Province, Ward

from .choices import Role
from .groups import group_for_role, groups_sync
from .models import User

DEMO_PASSWORD = "Demo@2026"

DEMO_USERS = [
    # role, username, phone, email, last name, first name, province code, ward code
    (Role.ADMIN, "admin", "", "admin@example.vn", "Quản trị", "Hệ thống", None, None),
    (Role.TRAINER, "0912000001", "0912000001", "", "Ngô Thanh", "Sơn", "92", None),
    (Role.REVIEWER, "0912000002", "0912000002", "", "Đỗ Thị", "Hạnh", None, None),
    (Role.PROVINCE_OFFICER, "0912000003", "0912000003", "", "Trương Văn", "Bình", "92", None),
    (Role.WARD_OFFICER, "0912000004", "0912000004", "", "Mai Thị", "Xuân", None, "31333"),
    (Role.MEMBER, "0912000005", "0912000005", "", "Trần Thị", "Mai", None, None),
]


@transaction.atomic
def seed(*, stdout=None):
    groups_sync()
    lines = []
    for role, username, phone, email, last, first, province_code, ward_code in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            ward = Ward.objects.get(code=ward_code) if ward_code else None
            province = (
                Province.objects.get(code=province_code)
                if province_code
                else (ward.province if ward else None)
            )
            user = User(
                username=username,
                phone=phone,
                email=email,
                last_name=last,
                first_name=first,
                role=role,
                province=province,
                ward=ward,
                is_staff=role != Role.MEMBER,
                is_superuser=role == Role.ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            group = group_for_role(role)
            if group:
                user.groups.add(group)
            if role == Role.MEMBER:
                Member.objects.filter(phone=phone, user__isnull=True).update(user=user)
        lines.append((Role(role).label, username, DEMO_PASSWORD))
    return lines
