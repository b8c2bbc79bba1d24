from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from lms.reports.facts import report_facts_rebuild


class Command(BaseCommand):
    help = _(
        "Tính lại số liệu nhân lực, theo khóa học và theo buổi tập huấn cho báo cáo từ dữ liệu "
        "gốc và số liệu bao phủ (chạy sau “rebuild_member_activity”)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = report_facts_rebuild()
        self.stdout.write(
            _(
                "Đã tính lại: %(staffing)s dòng nhân lực, %(learner_courses)s dòng theo khóa "
                "học, %(sessions)s buổi tập huấn (%(seconds)s giây)."
            )
            % {
                key: f"{value:,}".replace(",", ".") if isinstance(value, int) else value
                for key, value in counts.items()
            }
        )
