from django.core.management.base import BaseCommand

from teams.models import Province, Ward
from teams.services import admin_units_load


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/07/2025) từ bộ dữ liệu "
        "ngoại tuyến của gói vietnamadminunits. Chạy lại nhiều lần không tạo trùng."
    )

    def handle(self, *args, **options):
        provinces, wards = admin_units_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đơn vị hành chính: thêm mới {provinces} tỉnh và {wards} xã; "
                f"hiện có {Province.objects.count()} tỉnh, {Ward.objects.count()} xã, phường."
            )
        )
