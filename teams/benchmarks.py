"""Benchmark of the member import, called by the coordinator's benchmark command.

It builds its own ward and runs the real ``member_import`` (parse, check, bulk write) inside a
transaction that is rolled back, so it can run against any database without leaving data.
"""

import time

from django.db import transaction


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
                    "cccd": f"001{n:09d}",
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


def bench_member_import(rows=50000) -> dict:
    """Import ``rows`` new people into 200 new hamlets of a throwaway ward; returns the
    seconds the import itself took (building the rows in memory is not counted)."""
    from teams.choices import WardType
    from teams.models import Province, Ward
    from teams.services import member_import

    result = {}
    try:
        with transaction.atomic():
            province, _ = Province.objects.get_or_create(
                code="99", defaults={"name": "Tỉnh Đo Hiệu Năng", "short_name": "Đo Hiệu Năng"}
            )
            ward, _ = Ward.objects.get_or_create(
                code="99999",
                defaults={
                    "province": province,
                    "name": "Xã Đo Hiệu Năng",
                    "short_name": "Đo Hiệu Năng",
                    "ward_type": WardType.XA,
                },
            )
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
