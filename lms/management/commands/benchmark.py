import json
import os
import platform

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.scale import bench
from teams.models import Province

SCENARIOS = [
    "coverage_national",
    "coverage_province",
    "coverage_ward",
    "staffing_xlsx_province",
    "support_national",
    "support_province",
    "support_entry_post",
    "admin_report_screen_national",
    "staffing_national",
    "activity_national",
    "attendance_national",
    "coverage_national_course",
    "members_list",
    "members_search",
    "members_filter_province",
    "members_filter_ward",
    "certificate_lookup_number",
    "certificate_lookup_code",
    "report_pdf_province",
    "certificate_sign",
    "certificate_bulk_signed_pdf",
    "lesson_page_client",
    "course_page_client",
    "learner_dashboard_client",
    "lesson_page_http",
    "course_page_http",
    "learner_dashboard_http",
    "qr_checkin_300",
    "certificate_pdf",
    "certificate_bulk_issue",
    "member_import",
]
HTTP_SCENARIOS = {"lesson_page_http", "course_page_http", "learner_dashboard_http"}
POSTGRES_ONLY = HTTP_SCENARIOS | {"qr_checkin_300"}
COLUMNS = ["scenario", "median ms", "p95 ms", "queries", "floor ms", "ratio", "target", "result"]


def _number(value):
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


class Command(BaseCommand):
    help = _(
        "Đo hiệu năng trên cơ sở dữ liệu hiện tại (báo cáo, trang học, điểm danh, chứng nhận, "
        "nhập danh sách) và in một bảng kết quả."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", dest="json_file", help=_("Ghi kết quả ra tệp JSON."))
        parser.add_argument("--only", nargs="+", choices=SCENARIOS, metavar="NAME")
        parser.add_argument("--repeat", type=int, default=10)
        parser.add_argument("--checkins", type=int, default=300)
        parser.add_argument("--bulk-issue", type=int, default=10000)
        parser.add_argument("--import-rows", type=int, default=50000)
        parser.add_argument("--workers", type=int, default=4, help=_("Số tiến trình gunicorn."))

    def handle(self, *args, json_file, only, repeat, **options):
        if repeat < 1:
            raise CommandError(_("--repeat phải từ 1 trở lên."))
        if not Province.objects.exists():
            raise CommandError(
                _("Chưa có danh mục đơn vị hành chính. Hãy chạy “load_admin_units” trước.")
            )
        wanted = [name for name in SCENARIOS if not only or name in only]
        results = self.run(wanted, repeat=repeat, **options)
        self.print_table(results)
        if json_file:
            payload = {
                "ran_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "machine": machine(),
                "repeat": repeat,
                "results": [r.as_dict() for r in results],
            }
            with open(json_file, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, ensure_ascii=False, indent=2, default=str)
            self.stdout.write(_("Đã ghi %(file)s") % {"file": json_file})

    def run(self, wanted, *, repeat, checkins, bulk_issue, import_rows, workers, **_options):
        results = {}
        postgres = bench.is_postgres()
        for name in wanted:
            if name in POSTGRES_ONLY and not postgres:
                results[name] = bench.Result(name=name, note=str(bench.SKIPPED_NEEDS_POSTGRES))
        province_id = bench.busiest_province_id()
        ward_id = bench.busiest_ward_id(province_id) if province_id else None

        def want(name):
            return name in wanted and name not in results

        if want("coverage_national"):
            results["coverage_national"] = bench.bench_coverage(
                repeat=repeat, level="national", target_ms=300
            )
        for name, level, unit_id, target in (
            ("coverage_province", "province", province_id, 150),
            ("coverage_ward", "ward", ward_id, None),
        ):
            if not want(name):
                continue
            if unit_id is None:
                results[name] = bench.Result(name=name, note=_("bỏ qua: chưa có tổ nào"))
            else:
                results[name] = bench.bench_coverage(
                    repeat=repeat, level=level, unit_id=unit_id, target_ms=target
                )
        if want("staffing_xlsx_province"):
            results["staffing_xlsx_province"] = (
                bench.bench_staffing_xlsx(repeat=repeat, province_id=province_id)
                if province_id
                else bench.Result(name="staffing_xlsx_province", note=_("bỏ qua: chưa có tổ nào"))
            )
        support = [name for name in bench.SUPPORT_SCENARIOS if want(name)]
        if support:
            results.update(bench.support_scenarios(support, repeat=repeat, province_id=province_id))
        for names, run_area in bench.AREAS:
            area = [name for name in names if want(name)]
            if area:
                results.update(run_area(area, repeat=repeat, province_id=province_id))
        signing = [name for name in bench.SIGNING_SCENARIOS if want(name)]
        if signing:
            results.update(
                bench.signing_scenarios(
                    signing, repeat=repeat, sample=min(bench.BULK_PDF_SAMPLE, bulk_issue)
                )
            )
        if any(want(f"{page}_client") for page in bench.PAGE_NAMES):
            for result in bench.bench_pages_client(repeat=repeat):
                if result.name in wanted:
                    results[result.name] = result
        need_server = [name for name in wanted if name in POSTGRES_ONLY and want(name)]
        if need_server:
            with bench.gunicorn_server(workers=workers) as port:
                if any(want(name) for name in HTTP_SCENARIOS):
                    for result in bench.bench_pages_http(port=port, repeat=repeat):
                        if result.name in wanted:
                            results[result.name] = result
                if want("qr_checkin_300"):
                    results["qr_checkin_300"] = bench.bench_checkin(port=port, count=checkins)
        if want("certificate_pdf"):
            results["certificate_pdf"] = bench.bench_certificate_pdf(repeat=repeat)
        if want("certificate_bulk_issue"):
            results["certificate_bulk_issue"] = bench.bench_bulk_issue(count=bulk_issue)
        if want("member_import"):
            results["member_import"] = bench.bench_member_import(rows=import_rows)
        return [results[name] for name in wanted if name in results]

    def print_table(self, results):
        rows = [COLUMNS]
        for r in results:
            verdict = "–" if r.passed is None else (_("đạt") if r.passed else _("KHÔNG ĐẠT"))
            if r.passed is None and r.note:
                verdict = r.note
            rows.append(
                [
                    r.name,
                    _number(r.median_ms),
                    _number(r.p95_ms),
                    _number(r.queries),
                    _number(r.floor_ms),
                    f"{r.ratio:.2f}×" if r.ratio is not None else "–",
                    r.target or "–",
                    verdict,
                ]
            )
        widths = [max(len(str(row[i])) for row in rows) for i in range(len(COLUMNS))]
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    str(cell).ljust(w) if i in (0, 6, 7) else str(cell).rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        notes = [r for r in results if r.note and r.passed is not None]
        for r in notes:
            self.stdout.write(f"  {r.name}: {r.note}")


def machine():
    info = {"python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="utf-8") as handle:
            info["memory_kb"] = int(handle.readline().split()[1])
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT version()")
        else:
            cursor.execute("SELECT 'SQLite ' || sqlite_version()")
        info["database"] = cursor.fetchone()[0]
    return info
