from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.scale.generator import PRESETS, ScaleDataExists, generate


class Command(BaseCommand):
    help = _(
        "Nạp dữ liệu giả lập quy mô lớn (thôn, tổ, thành viên, buổi tập huấn, điểm danh, giấy "
        "chứng nhận) trên danh mục đơn vị hành chính thật, để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--province",
            default=None,
            help=_("Mã tỉnh cho mức small/province (mặc định 92, Thành phố Cần Thơ)."),
        )

    def handle(self, *args, preset, seed, province, **options):
        try:
            stats = generate(preset=preset, seed=seed, province_code=province, stdout=self.stdout)
        except LookupError:
            raise CommandError(
                _(
                    "Chưa có danh mục đơn vị hành chính. Hãy chạy "
                    "“python manage.py load_admin_units” trước."
                )
            ) from None
        except ScaleDataExists:
            raise CommandError(
                _(
                    "Cơ sở dữ liệu này đã có dữ liệu quy mô (số điện thoại 0100xxxxxx). "
                    "Không nạp chồng lần hai: hãy nạp vào một cơ sở dữ liệu mới."
                )
            ) from None
        for label, count in sorted(stats.counts.items()):
            seconds = stats.write_seconds.get(label, 0)
            self.stdout.write(f"{label}: {count:,}".replace(",", ".") + f" ({seconds:.1f} s)")
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nạp dữ liệu mức %(preset)s (seed %(seed)s) trong %(seconds).1f giây.")
                % {"preset": preset, "seed": seed, "seconds": stats.seconds}
            )
        )
