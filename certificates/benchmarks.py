"""Benchmarks of bulk issuing and PDF rendering, called by the coordinator's benchmark command.

``bench_bulk_issue`` builds its own ward, members, course and completions and runs the real
bulk issue inside a transaction that is rolled back, so it leaves no data (and no used
certificate numbers) behind. ``bench_pdf_render`` renders a real certificate layout from an
unsaved template; it touches no table.
"""

import dataclasses
import datetime
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses.models import CourseCompletion, CoursePage
from lms.accounts.models import User
from teams.benchmarks import bench_ward
from teams.models import Member

from .models import Certificate, CertificateTemplate
from .pdf import render_facts_pdf, sample_facts
from .services import certificate_template_create, certificates_bulk_issue


class _Rollback(Exception):
    pass


def _bench_template(save=True):
    fields = {
        "name": "Mẫu đo hiệu năng",
        "issuing_body_upper": "UBND THÀNH PHỐ CẦN THƠ",
        "issuing_body": "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "number_suffix": "GCN-BENCH",
        "place_name": "Cần Thơ",
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signing_form": "KT. GIÁM ĐỐC",
        "validity_months": 24,
    }
    return certificate_template_create(**fields) if save else CertificateTemplate(**fields)


def _bench_course(template):
    root = Page.get_first_root_node()
    course = CoursePage(
        title="Khóa học đo hiệu năng cấp chứng nhận",
        slug=f"do-hieu-nang-chung-nhan-{int(time.time() * 1000)}",
        code=f"BENCH-{int(time.time() * 1000) % 10**8}",
        summary="Dùng cho đo hiệu năng.",
        estimated_hours=8,
        certificate_template=template,
    )
    root.add_child(instance=course)
    return course


def _bench_completions(*, ward, course, n):
    """``n`` new members of ``ward``, each with a completion of ``course`` dated today."""
    members = Member.objects.bulk_create(
        [
            Member(
                full_name=f"Nguyễn Thị Đo Hiệu Năng {i}",
                date_of_birth=datetime.date(1990, 1, 1) + datetime.timedelta(days=i % 9000),
                ward=ward,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    if members and members[0].pk is None:  # backends that do not return ids
        members = list(Member.objects.filter(ward=ward).order_by("pk"))
    today = datetime.date.today()
    CourseCompletion.objects.bulk_create(
        [CourseCompletion(member=m, course=course, completed_on=today) for m in members],
        batch_size=1000,
    )


def bench_bulk_issue(n=10000) -> dict:
    """Issue certificates to ``n`` members who completed a course (PDFs excluded). Returns
    seconds, certificates per second and the number of queries of the issue itself."""
    result = {}
    try:
        with transaction.atomic():
            ward = bench_ward(code="99998", name="Đo Hiệu Năng Chứng Nhận")
            admin = User.objects.create(
                username="bench-certificates", is_superuser=True, role="admin"
            )
            template = _bench_template()
            course = _bench_course(template)
            _bench_completions(ward=ward, course=course, n=n)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                counts = certificates_bulk_issue(course=course, by=admin)
                seconds = time.perf_counter() - started
            issued = Certificate.objects.filter(course=course).count()
            result = {
                "n": n,
                "issued": issued,
                "seconds": round(seconds, 3),
                "per_second": round(issued / seconds) if seconds else None,
                "queries": len(queries.captured_queries),
                "counts": counts,
            }
            raise _Rollback
    except _Rollback:
        pass
    return result


def bench_pdf_render(n=50) -> dict:
    """Render ``n`` certificates (A4 landscape, QR, Vietnamese text); median and p95 in ms
    (wall clock).
    The first render (font registration, template compilation) is not counted."""
    template = _bench_template(save=False)
    facts = sample_facts(template)
    render_facts_pdf(template, facts)
    timings, cpu = [], []
    for i in range(n):
        current = dataclasses.replace(facts, holder_name=f"Nguyễn Thị Hồng Nhung {i}")
        started, started_cpu = time.perf_counter(), time.process_time()
        render_facts_pdf(template, current)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    timings.sort()
    p95_index = max(0, min(len(timings) - 1, round(0.95 * len(timings)) - 1))
    return {
        "n": n,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[p95_index], 1),
        "max_ms": round(timings[-1], 1),
        # CPU time of this process: what the render costs when other work competes for the
        # cores (wall time then includes waiting for them).
        "median_cpu_ms": round(statistics.median(cpu), 1),
    }
