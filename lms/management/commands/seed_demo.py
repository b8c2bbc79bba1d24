from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from teams.models import Ward

# Each app contributes its own idempotent demo loader; order matters (accounts need members,
# certificates need completed courses). The reports have none: they own no rows, and after these
# loaders the officer logins (0912000003, 0912000004) already see figures.
DEMO_LOADERS = [
    "lms.demo.seed_site",
    "teams.demo.seed",
    "lms.demo.seed_users",
    "courses.demo.seed",
    "courses.attendance.demo.seed",
    "certificates.demo.seed",
]


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: trang chủ, tin tức, thôn, tổ, thành viên, tài khoản mẫu, khóa học, "
        "buổi tập huấn và chứng nhận. Chạy lại nhiều lần không tạo trùng."
    )

    def handle(self, *args, **options):
        if not Ward.objects.exists():
            raise CommandError(
                "Chưa có đơn vị hành chính. Hãy chạy 'python manage.py load_admin_units' trước."
            )
        logins = []
        for path in DEMO_LOADERS:
            result = import_string(path)(stdout=self.stdout)
            if path == "lms.demo.seed_users":
                logins = result
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        if logins:
            self.stdout.write("Tài khoản mẫu (đăng nhập tại /accounts/dang-nhap/ hoặc /admin/):")
            for role, login, password in logins:
                self.stdout.write(f"  {role:<24} {login:<16} mật khẩu: {password}")
