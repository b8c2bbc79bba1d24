"""Running a bulk issue: the work of ``tasks.certificates_bulk_issue_task``, also run in
process by ``services.certificates_bulk_issue``. Kept apart from ``services`` so that the task
module imports this and ``services`` imports the task, without a cycle."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.signals import members_changed_send

from .choices import BulkJobStatus, CertificateStatus
from .issuing import gender_snapshot, new_certificate, template_for
from .models import BulkIssueJob, Certificate
from .numbering import allocate_sequence
from .selectors import eligible_completions

BULK_BATCH_SIZE = 500
# A running job sends a heartbeat after every batch (500 certificates take seconds). With no
# heartbeat for this long its worker is taken for dead and the job is resumed.
HEARTBEAT_STALE = datetime.timedelta(minutes=5)
# A job that no worker has taken after this long says so on its page.
QUEUED_UNCLAIMED = datetime.timedelta(minutes=2)
# A job whose worker dies this many times is failed rather than resumed again (a job that
# kills its worker every time would otherwise loop).
MAX_AUTO_RESUMES = 3


def bulk_issue_job_run(*, job, batch_size=BULK_BATCH_SIZE) -> dict:
    """Issue the certificates of ``job``; safe to run again after a crash.

    Each batch takes a block of numbers and creates its certificates in one transaction, so
    a crash loses whole batches, numbers included (no gap). The eligible list excludes anyone
    who already holds a valid certificate, so a re-run continues where the last one stopped
    (no duplicate; the conditional unique constraint guarantees it even against a concurrent
    single issue). Queries: one to select the eligible members with their snapshot, then a
    fixed handful per batch, whatever the number of members.
    """
    course = job.course
    template = template_for(course)
    by = job.requested_by
    now = timezone.now()
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkJobStatus.RUNNING,
        started_at=job.started_at or now,
        finished_at=None,
        heartbeat_at=now,
    )
    already = Certificate.objects.filter(bulk_job=job).count()
    rows = eligible_completions(
        course=course,
        session=job.session,
        province_id=job.scope_province_id,
        ward_id=job.scope_ward_id,
    )
    BulkIssueJob.objects.filter(pk=job.pk).update(
        total=already + len(rows), done=already, heartbeat_at=timezone.now()
    )
    issued = errors = 0
    error_lines = []
    issued_on = timezone.localdate()
    try:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            created, failed = _bulk_issue_batch(
                job=job, batch=batch, course=course, template=template, by=by, issued_on=issued_on
            )
            issued += created
            errors += len(failed)
            error_lines.extend(failed)
            BulkIssueJob.objects.filter(pk=job.pk).update(
                done=F("done") + created,
                errors=F("errors") + len(failed),
                heartbeat_at=timezone.now(),
            )
    except Exception as exc:
        BulkIssueJob.objects.filter(pk=job.pk).update(
            status=BulkJobStatus.FAILED,
            finished_at=timezone.now(),
            error_log="\n".join([*error_lines, repr(exc)])[:20000],
        )
        raise
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkJobStatus.DONE,
        finished_at=timezone.now(),
        error_log="\n".join(error_lines)[:20000],
    )
    job.refresh_from_db()
    return {
        "total": job.total,
        "issued": issued,
        "already_issued": already,
        "errors": errors,
    }


def _bulk_issue_batch(*, job, batch, course, template, by, issued_on):
    """Create one batch; if a member of it got a certificate meanwhile (the constraint fires),
    drop those members and try again."""
    key = template.number_suffix
    for _attempt in range(3):
        if not batch:
            return 0, []
        try:
            with transaction.atomic():
                first = allocate_sequence(
                    issuing_body_key=key, year=issued_on.year, count=len(batch)
                )
                certificates = [
                    new_certificate(
                        holder_id=row["member_id"],
                        snapshot={
                            "holder_name": row["member__full_name"],
                            "holder_birth_date": row["member__date_of_birth"],
                            "holder_gender": gender_snapshot(row["member__gender"]),
                            "holder_ward_name": row["member__ward__name"] or "",
                            "holder_team_name": row["team_name"] or "",
                        },
                        course=course,
                        template=template,
                        session=job.session,
                        issued_on=issued_on,
                        by=by,
                        key=key,
                        sequence=first + offset,
                        job=job,
                    )
                    for offset, row in enumerate(batch)
                ]
                Certificate.objects.bulk_create(certificates)
                members_changed_send(
                    sender=__name__, member_ids=[row["member_id"] for row in batch]
                )
                numbers = [c.number for c in certificates]
                transaction.on_commit(lambda numbers=numbers: bulk_pdfs_enqueue(numbers=numbers))
            return len(certificates), []
        except IntegrityError:
            holders = set(
                Certificate.objects.filter(
                    course=course,
                    status=CertificateStatus.VALID,
                    holder_id__in=[row["member_id"] for row in batch],
                ).values_list("holder_id", flat=True)
            )
            if not holders:
                raise
            batch = [row for row in batch if row["member_id"] not in holders]
    return 0, [
        _("Không cấp được cho thành viên #%(id)s.") % {"id": row["member_id"]} for row in batch
    ]


def bulk_pdfs_enqueue(*, numbers):
    """Queue the signed PDFs of a committed batch, ``LMS_BULK_PDF_CHUNK`` per task, so the
    certificates are ready to download (and to ZIP) when the job ends, made by as many workers
    as run."""
    if not settings.LMS_BULK_PDFS or not numbers:
        return 0
    from .tasks import certificates_pdfs_task

    chunk = max(1, settings.LMS_BULK_PDF_CHUNK)
    for start in range(0, len(numbers), chunk):
        certificates_pdfs_task.enqueue(list(numbers[start : start + chunk]))
    return len(numbers)


def bulk_pdfs_make(*, numbers) -> int:
    """Make (and sign) the PDFs of these certificates that have none or an outdated one; the
    work of ``tasks.certificates_pdfs_task``. Returns how many were made."""
    from .services import certificate_pdf_ensure, certificate_pdf_outdated

    made = 0
    certificates = Certificate.objects.filter(
        number__in=numbers, status=CertificateStatus.VALID
    ).select_related("course", "template", "holder")
    for certificate in certificates:
        if certificate_pdf_outdated(certificate):
            certificate_pdf_ensure(certificate=certificate)
            made += 1
    return made


def bulk_job_unclaimed(job, *, now=None) -> bool:
    """Whether ``job`` has waited for a worker longer than ``QUEUED_UNCLAIMED`` (queued, and
    no worker has started it): its page then says that no background process is running."""
    if job.status != BulkJobStatus.PENDING:
        return False
    queued_at = job.heartbeat_at or job.created_at
    return queued_at is not None and queued_at < (now or timezone.now()) - QUEUED_UNCLAIMED
