import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.signing.demo import ensure_demo_key, signing_dir


class Command(BaseCommand):
    help = (
        "Tạo CA mẫu và khóa ký số mẫu (PKCS#12) cho môi trường phát triển và thử nghiệm trong "
        "LMS_SIGNING_DIR (mặc định var/signing/). Không tải gì từ mạng; đã có thì giữ nguyên. "
        "Không dùng cho hệ thống thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="Thư mục lưu (mặc định LMS_SIGNING_DIR).")
        parser.add_argument("--force", action="store_true", help="Tạo lại CA và khóa mới.")
        parser.add_argument(
            "--nssdb",
            action="store_true",
            help="Tạo thêm cơ sở dữ liệu NSS tin cậy CA mẫu (cho pdfsig -nssdir), cần certutil.",
        )

    def handle(self, *args, **options):
        directory = Path(options["dir"]) if options["dir"] else signing_dir()
        try:
            ca_path, issuer_path, created = ensure_demo_key(directory, force=options["force"])
        except OSError as exc:
            raise CommandError(f"Không ghi được vào {directory}: {exc}") from exc
        verb = "Đã tạo" if created else "Đã có sẵn"
        self.stdout.write(f"{verb} CA mẫu: {ca_path}")
        self.stdout.write(f"{verb} khóa ký số mẫu: {issuer_path}")
        if options["nssdb"]:
            nssdb = directory / "nssdb"
            self._nssdb(nssdb, ca_path)
            self.stdout.write(f"Kiểm tra chữ ký: pdfsig -nssdir sql:{nssdb} <tệp.pdf>")
        self.stdout.write(
            f"Kiểm tra bằng pyHanko: python manage.py check_pdf_signature <tệp.pdf> "
            f"--trust {ca_path}"
        )

    @staticmethod
    def _nssdb(nssdb, ca_path):
        certutil = shutil.which("certutil")
        if certutil is None:
            raise CommandError("Không có certutil (gói libnss3-tools).")
        if nssdb.exists():
            shutil.rmtree(nssdb)
        nssdb.mkdir(parents=True)
        target = f"sql:{nssdb}"
        subprocess.run([certutil, "-N", "-d", target, "--empty-password"], check=True)
        subprocess.run(
            [certutil, "-A", "-d", target, "-n", "lms-demo-ca", "-t", "CT,C,C", "-i", ca_path],
            check=True,
        )
