from django.core.management.base import BaseCommand

from lms.jobs.services import jobs_purge


class Command(BaseCommand):
    help = (
        "Xóa các công việc chạy nền đã quá hạn lưu (một ngày) cùng tệp kết quả. Chạy mỗi giờ "
        "(systemd timer hoặc cron)."
    )

    def handle(self, *args, **options):
        count = jobs_purge()
        self.stdout.write(f"Đã xóa {count} công việc hết hạn.")
