from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lms.reports.activity import member_activity_rebuild


class Command(BaseCommand):
    help = _(
        "Tính lại số liệu bao phủ (tổ, tập huấn, chứng nhận) của mọi thành viên từ dữ liệu gốc "
        "(sau khi nạp dữ liệu hàng loạt hoặc sửa dữ liệu trực tiếp trong cơ sở dữ liệu)."
    )

    def handle(self, *args, **options):
        counts = member_activity_rebuild(stdout=self.stdout)
        self.stdout.write(
            _(
                "Đã tính lại cho %(members)s thành viên: %(facts)s dòng số liệu bao phủ "
                "(mỗi dòng một người trong một tổ đang hoạt động)."
            )
            % {
                "members": f"{counts['members']:,}".replace(",", "."),
                "facts": f"{counts['facts']:,}".replace(",", "."),
            }
        )
