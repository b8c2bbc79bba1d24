from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.spreadsheets import SpreadsheetError, check_upload
from teams.models import Ward
from teams.services import member_import


class Command(BaseCommand):
    help = (
        "Nhập danh sách thành viên tổ công nghệ số từ tệp .xlsx hoặc .csv (UTF-8). Có lỗi ở "
        "bất kỳ dòng nào thì không lưu gì và liệt kê mọi dòng lỗi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không lưu."
        )
        parser.add_argument(
            "--create-hamlets",
            action="store_true",
            help="Tạo thôn, tổ dân phố chưa có (đã được cán bộ xã xác nhận).",
        )
        parser.add_argument(
            "--ward", help="Mã xã, phường: chỉ nhận các dòng của xã này (và dùng khi để trống)."
        )

    def handle(self, *args, **options):
        path = Path(options["file"]).expanduser()
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        ward = None
        if options["ward"]:
            ward = Ward.objects.select_related("province").filter(code=options["ward"]).first()
            if ward is None:
                raise CommandError(f"Không có xã, phường mã {options['ward']}.")
        try:
            check_upload(name=path.name, size=path.stat().st_size)
            report = member_import(
                file=path.read_bytes(),
                file_name=path.name,
                user=None,
                dry_run=options["dry_run"],
                create_hamlets=options["create_hamlets"],
                ward=ward,
            )
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc

        for issue in report.warnings:
            self.stdout.write(self.style.WARNING(f"Cảnh báo – {issue}"))
        if report.errors:
            for issue in report.errors:
                self.stderr.write(self.style.ERROR(str(issue)))
            raise CommandError(
                f"{len(report.errors)} lỗi trong {report.total_rows} dòng: không lưu gì. "
                "Sửa các dòng trên rồi nhập lại."
            )
        verb = "Sẽ" if report.dry_run else "Đã"
        self.stdout.write(
            f"{verb} thêm {len(report.created)} người, cập nhật {len(report.updated)} người, "
            f"{report.unchanged} người không đổi; {report.memberships_created} lượt vào tổ, "
            f"{report.memberships_updated} lượt đổi chức vụ; "
            f"{len(report.hamlets_created)} thôn mới, {len(report.teams_created)} tổ mới."
        )
        if report.dry_run:
            self.stdout.write(self.style.WARNING("Chạy thử: chưa lưu gì."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã nhập {report.total_rows} dòng."))
        if report.ignored_headers:
            self.stdout.write(f"Bỏ qua các cột: {', '.join(report.ignored_headers)}")
