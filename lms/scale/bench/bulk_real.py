"""A bulk issue measured end to end, as it runs in production: ``manage.py bench_bulk_issue``.

``certificate_bulk_signed_pdf`` (``signing.py``) draws a sample of signed PDFs in one process
and extrapolates to 10,000. This runs the real thing: ``count`` people complete a course (rows
committed), ``workers`` real ``db_worker`` processes are started, the bulk issue is queued the
way the admin's button queues it (``certificates_bulk_issue_enqueue``), and the clock runs
until every certificate of the course has its signed PDF on disk. The worker that runs the
issue queues the PDFs per committed batch (``LMS_BULK_PDF_CHUNK`` per task); every worker takes
them. A sample of the PDFs is then checked with the signature validator.

It writes real rows and files, so it belongs on a copy of the database (``CREATE DATABASE
... TEMPLATE ...``); afterwards it deletes what it made (the people, their certificates and
PDF files, the course, the template, the job and the tasks) unless ``keep`` is asked.
"""

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction

SAMPLE_CHECKED = 5
POLL_SECONDS = 1.0


def _start_workers(n):
    from .server import database_url

    # The same database, key files and media as this process, whatever its settings module.
    env = {
        **os.environ,
        "LMS_BULK_PDFS": "1",
        "DATABASE_URL": database_url(),
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    return [
        subprocess.Popen(
            [sys.executable, str(manage), "db_worker", "--queue-name", "*", "--no-reload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _n in range(n)
    ]


def _stop(workers):
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def _prepare(count):
    from certificates.benchmarks import _bench_completions, _bench_course, _bench_template
    from lms.accounts.models import User
    from teams.benchmarks import bench_ward

    with transaction.atomic():
        ward = bench_ward(code="99996", name="Đo Cấp Hàng Loạt")
        admin = User.objects.create(
            username=f"bench-bulk-{int(time.time())}", is_superuser=True, role="admin"
        )
        template = _bench_template()
        course = _bench_course(template)
        _bench_completions(ward=ward, course=course, n=count)
    return ward, admin, template, course


def _progress(course):
    from certificates.models import Certificate

    issued = Certificate.objects.filter(course=course)
    return issued.count(), issued.exclude(pdf="").filter(pdf_signed_at__isnull=False).count()


def _check_sample(course):
    from certificates.models import Certificate
    from lms.core.signing.verify import check_pdf

    demo_ca = Path(settings.LMS_SIGNING_DIR) / "demo-ca.pem"
    roots = [str(demo_ca)] if demo_ca.exists() else []
    numbers = list(Certificate.objects.filter(course=course).values_list("pk", flat=True))
    checked = []
    for pk in random.Random(1).sample(numbers, min(SAMPLE_CHECKED, len(numbers))):
        certificate = Certificate.objects.get(pk=pk)
        with certificate.pdf.open("rb") as handle:
            check = check_pdf(handle.read(), trust_roots=roots)
        checked.append(
            {
                "number": certificate.number,
                "intact": check.intact,
                "valid": check.valid,
                "whole_document": check.whole_document,
                "signer": check.signer,
            }
        )
    return checked


def _clean(ward, admin, template, course):
    """Delete what the run made: PDF files first, then the rows (the people take their
    completions, certificates and report rows with them)."""
    from certificates.models import BulkIssueJob, Certificate
    from teams.models import Member

    for certificate in Certificate.objects.filter(course=course).exclude(pdf=""):
        certificate.pdf.delete(save=False)
    with transaction.atomic():
        Certificate.objects.filter(course=course).delete()  # they name their job (PROTECT)
        BulkIssueJob.objects.filter(course=course).delete()
        Member.objects.filter(ward=ward).delete()
        course.delete()
        template.delete()
        admin.delete()
        ward.delete()


def bulk_issue_end_to_end(*, count, workers, timeout, keep=False, stdout=None):
    """Run it; returns the measured figures (seconds, rates, the sample's signatures)."""
    from certificates.models import BulkIssueJob
    from certificates.services import certificates_bulk_issue_enqueue

    def say(text):
        if stdout is not None:
            stdout.write(text)

    made = _prepare(count)
    ward, admin, template, course = made
    processes = _start_workers(workers)
    outcome = {"count": count, "workers": workers}
    try:
        started = time.perf_counter()
        job = certificates_bulk_issue_enqueue(course=course, by=admin)
        issued_at = None
        last_line = 0.0
        while True:
            time.sleep(POLL_SECONDS)
            elapsed = time.perf_counter() - started
            issued, signed = _progress(course)
            job.refresh_from_db()
            if issued_at is None and job.finished_at is not None:
                issued_at = elapsed
            if elapsed - last_line >= 15:
                say(f"{elapsed:6.0f} s: {issued} giấy đã cấp, {signed} PDF đã ký ({job.status})")
                last_line = elapsed
            if issued >= count and signed >= count:
                break
            dead = [p for p in processes if p.poll() is not None]
            if dead or elapsed > timeout:
                errors = b"".join(p.stderr.read() or b"" for p in dead)[-2000:]
                outcome["error"] = errors.decode(errors="replace") or f"timeout {timeout} s"
                break
        total = time.perf_counter() - started
        outcome.update(
            {
                "seconds": round(total, 1),
                "issue_seconds": round(issued_at, 1) if issued_at else None,
                "issued": issued,
                "signed_pdfs": signed,
                "pdfs_per_second": round(signed / total, 1) if total else None,
                "job_status": job.status,
                "job_id": job.pk,
            }
        )
        if "error" not in outcome:
            outcome["sample"] = _check_sample(course)
    finally:
        _stop(processes)
        say(json.dumps(outcome, ensure_ascii=False))  # kept even if the clean-up fails
        if not keep:
            _clean(ward, admin, template, course)
            outcome["cleaned"] = True
    outcome["job_left"] = BulkIssueJob.objects.filter(pk=outcome.get("job_id")).exists()
    return outcome
