import json

from django.core.management.base import BaseCommand, CommandError

from lms.reports.benchmarks import run_all
from teams.models import Province, Ward


class Command(BaseCommand):
    help = (
        "Time the coverage report (national, one province, one ward) against its single-SQL "
        "floor, and the staffing XLSX of a province. Prints one JSON object per measurement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", default="92", help="Province code (default 92).")
        parser.add_argument(
            "--ward", default=None, help="Ward code (default: the province's first)."
        )
        parser.add_argument("--period", default="year", help="Period code, e.g. 2026-q3.")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, province, ward, period, repeat, **options):
        if not Province.objects.filter(code=province).exists():
            raise CommandError(f"No province with code {province}; load the units first.")
        if ward is None:
            ward = (
                Ward.objects.filter(province__code=province)
                .order_by("code")
                .values_list("code", flat=True)
                .first()
            )
            if ward is None:
                raise CommandError(f"Province {province} has no ward.")
        elif not Ward.objects.filter(code=ward).exists():
            raise CommandError(f"No ward with code {ward}.")
        for result in run_all(province_code=province, ward_code=ward, period=period, repeat=repeat):
            self.stdout.write(json.dumps(result, ensure_ascii=False))
