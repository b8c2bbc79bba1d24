import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from lms.scale.bench.bulk_real import bulk_issue_end_to_end


class Command(BaseCommand):
    help = _(
        "Đo cấp hàng loạt thật: N người hoàn thành khóa học, các tiến trình db_worker cấp giấy "
        "và ký PDF; tính giờ đến khi mọi PDF đã ký. Ghi dữ liệu thật rồi xóa: chạy trên bản "
        "sao cơ sở dữ liệu."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--timeout", type=int, default=1800, help=_("Giây."))
        parser.add_argument("--keep", action="store_true", help=_("Không xóa dữ liệu đã tạo."))
        parser.add_argument("--json", dest="json_file", help=_("Ghi kết quả ra tệp JSON."))

    def handle(self, *args, count, workers, timeout, keep, json_file, **options):
        if connection.vendor != "postgresql":
            raise CommandError(_("Cần PostgreSQL: nhiều tiến trình cùng ghi."))
        if "django_tasks_db" not in settings.TASKS["default"]["BACKEND"]:
            raise CommandError(_("Cần hàng đợi trong cơ sở dữ liệu (django_tasks_db)."))
        if count < 1 or workers < 1:
            raise CommandError(_("Số giấy và số tiến trình phải lớn hơn 0."))
        outcome = bulk_issue_end_to_end(
            count=count, workers=workers, timeout=timeout, keep=keep, stdout=self.stdout
        )
        text = json.dumps(outcome, ensure_ascii=False, indent=2)
        self.stdout.write(text)
        if json_file:
            with open(json_file, "w", encoding="utf-8") as handle:
                handle.write(text)
        if "error" in outcome:
            raise CommandError(outcome["error"])
