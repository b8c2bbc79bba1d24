from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.signing.verify import check_pdf


class Command(BaseCommand):
    help = (
        "Kiểm tra chữ ký số PAdES của một tệp PDF bằng pyHanko (như 'pyhanko sign validate'): "
        "chữ ký đúng, tệp không bị sửa sau khi ký, người ký thuộc CA được tin cậy."
    )

    def add_arguments(self, parser):
        parser.add_argument("pdf", help="Tệp PDF cần kiểm tra.")
        parser.add_argument(
            "--trust",
            action="append",
            default=[],
            help="Chứng thư CA gốc tin cậy (PEM/DER); có thể lặp lại.",
        )

    def handle(self, *args, **options):
        path = Path(options["pdf"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được {path}: {exc}") from exc
        result = check_pdf(data, trust_roots=options["trust"])
        self.stdout.write(f"Người ký: {result.signer or '-'}")
        self.stdout.write(f"Kết quả pyHanko: {result.summary}")
        if not result.signed:
            raise CommandError("Tệp không có chữ ký số.")
        if not result.intact:
            raise CommandError("Chữ ký không khớp: tệp đã bị sửa sau khi ký.")
        if not result.whole_document:
            raise CommandError("Có nội dung được thêm vào sau chữ ký.")
        if not result.valid:
            raise CommandError("Chữ ký còn nguyên nhưng người ký không thuộc CA được tin cậy.")
        self.stdout.write(self.style.SUCCESS("Chữ ký hợp lệ, tài liệu không bị sửa."))
