from django.core.management.base import BaseCommand, CommandError

from teams.models import LegacyWard, LegacyWardMapping, Province, Ward
from teams.services import admin_units_load, legacy_units_load


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/07/2025) từ bộ dữ liệu "
        "ngoại tuyến của gói vietnamadminunits. Với --legacy, nạp thêm 63 tỉnh, 696 huyện, "
        "10.040 xã trước 01/07/2025 và bảng chuyển đổi xã cũ sang xã mới. Chạy lại nhiều lần "
        "không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--legacy",
            action="store_true",
            help="Nạp cả đơn vị hành chính trước 01/07/2025 và bảng chuyển đổi.",
        )

    def handle(self, *args, **options):
        provinces, wards = admin_units_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đơn vị hành chính: thêm mới {provinces} tỉnh và {wards} xã; "
                f"hiện có {Province.objects.count()} tỉnh, {Ward.objects.count()} xã, phường."
            )
        )
        if not options["legacy"]:
            return
        try:
            created = legacy_units_load()
        except (KeyError, ValueError) as exc:
            raise CommandError(f"Không nạp được đơn vị hành chính cũ: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đơn vị cũ: thêm mới {created['provinces']} tỉnh, {created['districts']} huyện, "
                f"{created['wards']} xã, {created['mappings']} dòng chuyển đổi; hiện có "
                f"{LegacyWard.objects.count()} xã cũ, "
                f"{LegacyWardMapping.objects.count()} dòng chuyển đổi."
            )
        )
