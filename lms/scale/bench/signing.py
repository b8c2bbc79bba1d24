"""What signing adds to a certificate: render alone against render + PAdES signature.

``certificate_sign`` draws the benchmark certificate (A4 landscape, QR code, Vietnamese text,
the same unsaved template as ``pdf_render``) and signs it with the key its template resolves to
(the site default: the demo key unless ``LMS_SIGNING_KEYS`` names a real one), embedding a
4 KB JSON attachment the size of an Open Badges credential. Render and render + sign run
alternately (``measure_pair``), and the added time is the median of the per-pair differences,
so a slow moment on a shared machine lands on both sides. Target: under 30 ms added at the
median. The signature alone (on bytes already rendered) is reported beside it. Touches no
table.
"""

import dataclasses
import statistics
import time

from django.utils.translation import gettext as _

from certificates.benchmarks import _bench_template
from certificates.pdf import render_facts_pdf, sample_facts, template_signer_config
from lms.core.signing import Attachment, sign_pdf, signer_identity

from .measure import Result, measure_pair, percentile

SIGNING_SCENARIOS = ["certificate_sign", "certificate_bulk_signed_pdf"]
# Certificates whose signed PDFs the bulk scenario draws; the 10,000 figure is extrapolated.
BULK_PDF_SAMPLE = 300
BULK_TARGET = 10000
BULK_TARGET_SECONDS = 600
BULK_WORKERS = 2
TARGET_ADDED_MS = 30
CREDENTIAL_SIZED = Attachment(
    "credential.json",
    b'{"type": "OpenBadgeCredential", "pad": "' + b"x" * 4000 + b'"}',
    "application/json",
    "Chứng nhận số (Open Badges)",
)


def bench_certificate_sign(*, repeat):
    template = _bench_template(save=False)
    facts = sample_facts(template)
    config = template_signer_config(template)
    counter = iter(range(10**9))

    def current():
        return dataclasses.replace(facts, holder_name=f"Nguyễn Thị Hồng Nhung {next(counter)}")

    def render():
        return render_facts_pdf(template, current())

    def render_and_sign():
        return sign_pdf(render(), signer_config=config, attachments=[CREDENTIAL_SIZED])

    timings, _queries, floor = measure_pair(render_and_sign, render, repeat=repeat)
    added = [signed - plain for signed, plain in zip(timings, floor, strict=True)]

    rendered = render()
    sign_only, sign_cpu = [], []
    for _n in range(max(repeat, 5)):
        started, started_cpu = time.perf_counter(), time.process_time()
        sign_pdf(rendered, signer_config=config, attachments=[CREDENTIAL_SIZED])
        sign_only.append((time.perf_counter() - started) * 1000)
        # CPU time of this process: what signing costs when other work competes for the
        # cores (wall time then includes waiting for them).
        sign_cpu.append((time.process_time() - started_cpu) * 1000)

    added_median = statistics.median(added)
    result = Result(
        name="certificate_sign",
        median_ms=round(statistics.median(timings), 1),
        p95_ms=round(percentile(timings, 95), 1),
        queries=0,
        floor_ms=round(statistics.median(floor), 1),
        target=_("ký số thêm < %(n)s ms") % {"n": TARGET_ADDED_MS},
        extra={
            "added_median_ms": round(added_median, 1),
            "added_p95_ms": round(percentile(added, 95), 1),
            "sign_only_median_ms": round(statistics.median(sign_only), 1),
            "sign_only_p95_ms": round(percentile(sign_only, 95), 1),
            "sign_only_median_cpu_ms": round(statistics.median(sign_cpu), 1),
            "runs": len(timings),
            "key": config.name,
            "signer": signer_identity(config),
            "timestamp": bool(config.tsa_url),
        },
    )
    if result.floor_ms:
        result.ratio = round(result.median_ms / result.floor_ms, 2)
    result.passed = added_median < TARGET_ADDED_MS
    result.note = _(
        "ký số thêm %(added).1f ms (riêng chữ ký %(sign).1f ms, CPU %(cpu).1f ms), khóa “%(key)s”"
    ) % {
        "added": added_median,
        "sign": statistics.median(sign_only),
        "cpu": statistics.median(sign_cpu),
        "key": config.name,
    }
    return result


class _Rollback(Exception):
    pass


def bench_bulk_signed_pdfs(*, n=BULK_PDF_SAMPLE, workers=BULK_WORKERS):
    """Bulk issue ``n`` certificates (the real service), then draw and sign each one's PDF as
    the worker would (``certificate_pdf_signed``: snapshot, template, attachments, key), all
    inside a transaction that is rolled back; no file is stored. The time for 10,000 is
    extrapolated from the per-PDF rate, spread over ``workers`` worker processes (one per
    core), plus the issue itself scaled linearly."""
    from django.db import transaction

    from certificates.benchmarks import _bench_completions, _bench_course
    from certificates.models import Certificate
    from certificates.pdf import certificate_pdf_signed
    from certificates.services import certificates_bulk_issue
    from lms.accounts.models import User
    from teams.benchmarks import bench_ward

    outcome = {}
    try:
        with transaction.atomic():
            ward = bench_ward(code="99997", name="Đo Hiệu Năng Ký Số")
            admin = User.objects.create(username="bench-signing", is_superuser=True, role="admin")
            template = _bench_template()
            course = _bench_course(template)
            _bench_completions(ward=ward, course=course, n=n)
            started = time.perf_counter()
            certificates_bulk_issue(course=course, by=admin)
            issue_seconds = time.perf_counter() - started
            certificates = list(
                Certificate.objects.filter(course=course).select_related("template")
            )
            certificate_pdf_signed(certificates[0])  # warm-up: fonts, templates, key
            started, started_cpu = time.perf_counter(), time.process_time()
            for certificate in certificates:
                certificate_pdf_signed(certificate)
            pdf_seconds = time.perf_counter() - started
            pdf_cpu = time.process_time() - started_cpu
            outcome = {
                "n": len(certificates),
                "issue_seconds": round(issue_seconds, 2),
                "pdf_seconds": round(pdf_seconds, 2),
                "pdf_ms_each": round(pdf_seconds / len(certificates) * 1000, 1),
                "pdf_cpu_ms_each": round(pdf_cpu / len(certificates) * 1000, 1),
            }
            raise _Rollback
    except _Rollback:
        pass
    if not outcome:
        return Result(name="certificate_bulk_signed_pdf", note=_("không chạy được"))
    scale = BULK_TARGET / outcome["n"]
    estimate = outcome["issue_seconds"] * scale + outcome["pdf_seconds"] * scale / workers
    outcome["estimate_10000_seconds"] = round(estimate, 1)
    outcome["workers"] = workers
    result = Result(
        name="certificate_bulk_signed_pdf",
        median_ms=outcome["pdf_ms_each"],
        p95_ms=None,
        target=_("%(n)s giấy có PDF ký số < %(m)s phút")
        % {"n": "10.000", "m": BULK_TARGET_SECONDS // 60},
        extra=outcome,
    )
    result.passed = estimate < BULK_TARGET_SECONDS
    result.note = _(
        "%(n)s PDF đo thật, %(each).0f ms/PDF (CPU %(cpu).0f ms); ước tính 10.000 giấy "
        "với %(w)s tiến trình: %(min).1f phút"
    ) % {
        "n": outcome["n"],
        "each": outcome["pdf_ms_each"],
        "cpu": outcome["pdf_cpu_ms_each"],
        "w": workers,
        "min": estimate / 60,
    }
    return result


def signing_scenarios(wanted, *, repeat, province_id=None, sample=BULK_PDF_SAMPLE):
    """The results of the signing scenarios named in ``wanted``, by name (``sample``: how many
    certificates the bulk scenario really issues and signs)."""
    results = {}
    if "certificate_sign" in wanted:
        results["certificate_sign"] = bench_certificate_sign(repeat=repeat)
    if "certificate_bulk_signed_pdf" in wanted:
        results["certificate_bulk_signed_pdf"] = bench_bulk_signed_pdfs(n=sample)
    return results
