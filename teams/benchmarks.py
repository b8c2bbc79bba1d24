"""Benchmark of the member import, called by the coordinator's benchmark command.

It builds its own ward and runs the real ``member_import`` (parse, check, bulk write) inside a
transaction that is rolled back, so it can run against any database without leaving data.
"""

import time

from django.db import transaction

from .choices import WardType
from .models import Province, Ward
from .services import member_import


class _Rollback(Exception):
    pass


def _rows(count, ward):
    hamlets = [f"Thôn {n}" for n in range(1, 201)]
    rows = []
    for n in range(count):
        rows.append(
            (
                n + 2,
                {
                    "full_name": f"Nguyễn Thị Thử {n}",
                    "date_of_birth": "15/03/1990",
                    "gender": "Nữ" if n % 2 else "Nam",
                    "phone": f"091{n:07d}",
                    "email": "",
                    "cccd": f"001090{n:06d}",
                    "role": "Tổ trưởng" if n < 200 else "Tổ viên",
                    "affiliation": "Đoàn thanh niên",
                    "it_qualification": "Đại học",
                    "hamlet": hamlets[n % len(hamlets)],
                    "ward": ward.name,
                    "province": ward.province.name,
                    "joined_on": "01/09/2025",
                },
            )
        )
    return rows


def bench_ward(*, code: str, name: str):
    """A benchmark's own throwaway ward (code 999xx) in province 99, created once and reused by
    later runs; the benchmarks roll their rows back."""
    province, _ = Province.objects.get_or_create(
        code="99", defaults={"name": "Tỉnh Đo Hiệu Năng", "short_name": "Đo Hiệu Năng"}
    )
    ward, _ = Ward.objects.get_or_create(
        code=code,
        defaults={
            "province": province,
            "name": f"Xã {name}",
            "short_name": name,
            "ward_type": WardType.XA,
        },
    )
    return ward


def bench_member_import(rows=50000) -> dict:
    """Import ``rows`` new people into 200 new hamlets of a throwaway ward; returns the
    seconds the import itself took (building the rows in memory is not counted)."""
    result = {}
    try:
        with transaction.atomic():
            ward = bench_ward(code="99999", name="Đo Hiệu Năng")
            data = _rows(rows, ward)
            start = time.perf_counter()
            report = member_import(rows=data, user=None, dry_run=False, create_hamlets=True)
            seconds = time.perf_counter() - start
            if not report.saved:
                raise RuntimeError(f"benchmark import failed: {report.errors[:3]}")
            result = {
                "seconds": round(seconds, 2),
                "rows": rows,
                "created": len(report.created),
                "teams_created": len(report.teams_created),
            }
            raise _Rollback
    except _Rollback:
        pass
    return result
