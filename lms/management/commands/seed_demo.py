from django.core.management.base import BaseCommand, CommandError

from lms.demo import DEMO_LOADERS, demo_seed
from teams.models import Ward


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu một lần: trang chủ, tin tức, thôn, tổ, thành viên, tài khoản mẫu, "
        "khóa học, buổi tập huấn và chứng nhận. Chạy lại không tạo lại và không thay đổi dữ liệu "
        "mẫu đã có (kể cả khi người dùng đã sửa, gộp hay xóa)."
    )

    def handle(self, *args, **options):
        if not Ward.objects.exists():
            raise CommandError(
                "Chưa có đơn vị hành chính. Hãy chạy 'python manage.py load_admin_units' trước."
            )
        logins, skipped = demo_seed(stdout=self.stdout)
        if len(skipped) == len(DEMO_LOADERS):
            self.stdout.write("Dữ liệu mẫu đã được tạo trước đây; không thay đổi gì.")
        else:
            self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng."))
        if logins:
            self.stdout.write("Tài khoản mẫu (đăng nhập tại /accounts/dang-nhap/ hoặc /admin/):")
            for role, login, password in logins:
                self.stdout.write(f"  {role:<24} {login:<16} mật khẩu: {password}")
