"""Write flows for certificates: issue (one or in bulk), revoke, reissue, store the PDF,
anonymise. Views, admin screens, tasks and commands only call these."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.scoping import scope_for
from lms.reports.activity import member_activity_refresh
from lms.text import normalize_text

from .choices import BulkJobStatus, CertificateStatus
from .models import BulkIssueJob, Certificate
from .numbering import add_months, allocate_sequence, format_number
from .selectors import active_team_name_subquery, eligible_completions

log = logging.getLogger(__name__)

BULK_BATCH_SIZE = 500


class CertificateNotEligible(ValidationError):
    """The member does not (yet) meet the course's rules; ``messages`` are the reasons."""


# --- helpers -------------------------------------------------------------------------------


def _template_for(course):
    template = course.certificate_template
    if template is None:
        raise ValidationError(
            _("Khóa học “%(course)s” chưa được gắn mẫu giấy chứng nhận.") % {"course": course.title}
        )
    return template


def _expiry(template, issued_on):
    return add_months(issued_on, template.validity_months) if template.validity_months else None


def _member_snapshot(member):
    """Holder facts as they stand now, in one query (the team comes from a subquery)."""
    from teams.models import Member

    row = (
        Member.objects.filter(pk=member.pk)
        .annotate(team_name=active_team_name_subquery("pk"))
        .values("full_name", "date_of_birth", "ward__name", "team_name")
        .get()
    )
    return {
        "holder_name": row["full_name"],
        "holder_birth_date": row["date_of_birth"],
        "holder_ward_name": row["ward__name"] or "",
        "holder_team_name": row["team_name"] or "",
    }


def _new_certificate(
    *, holder_id, snapshot, course, template, session, issued_on, by, key, sequence, job=None
):
    return Certificate(
        number=format_number(sequence, issued_on.year, key),
        issuing_body_key=key,
        year=issued_on.year,
        sequence=sequence,
        holder_id=holder_id,
        course=course,
        session=session,
        template=template,
        issued_on=issued_on,
        expires_on=_expiry(template, issued_on),
        status=CertificateStatus.VALID,
        issued_by=by,
        bulk_job=job,
        course_title=course.title,
        course_code=course.code or "",
        course_hours=course.estimated_hours,
        issuing_body_upper=template.issuing_body_upper,
        issuing_body_name=template.issuing_body,
        **snapshot,
    )


def _valid_certificate(*, member, course):
    return Certificate.objects.filter(
        holder=member, course=course, status=CertificateStatus.VALID
    ).first()


def _check_session(*, member, course, session):
    from courses.attendance.choices import ATTENDED
    from courses.attendance.models import Attendance

    if session.course_id != course.pk:
        raise ValidationError(_("Buổi tập huấn này không thuộc khóa học đã chọn."))
    if not Attendance.objects.filter(session=session, member=member, status__in=ATTENDED).exists():
        raise CertificateNotEligible(_("Người này không tham dự buổi tập huấn đã chọn."))


# --- one certificate -----------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, member, course, by, session=None, issued_on=None) -> Certificate:
    """Issue the certificate of ``course`` to ``member``, or return the valid one they hold.

    Eligibility is the courses app's: a recorded ``CourseCompletion``, or the rules met now
    (``courses.services.course_completion_evaluate`` then records it). Refused with the
    Vietnamese reasons of ``courses.selectors.completion_status`` otherwise.
    """
    from courses.selectors import completion_status
    from courses.services import course_completion_evaluate

    existing = _valid_certificate(member=member, course=course)
    if existing is not None:
        return existing
    if member.anonymised_at:
        raise ValidationError(_("Không thể cấp giấy chứng nhận cho người đã được ẩn danh."))
    template = _template_for(course)
    if course_completion_evaluate(member=member, course=course) is None:
        status = completion_status(member=member, course=course)
        raise CertificateNotEligible(status.reasons or [_("Người này chưa hoàn thành khóa học.")])
    if session is not None:
        _check_session(member=member, course=course, session=session)
    issued_on = issued_on or timezone.localdate()
    snapshot = _member_snapshot(member)
    key = template.number_suffix
    try:
        # A savepoint: if a concurrent issue for the same person won the race, the unique
        # constraint fires, the number we took goes back with the savepoint (no gap), and we
        # return theirs.
        with transaction.atomic():
            sequence = allocate_sequence(issuing_body_key=key, year=issued_on.year)
            certificate = _new_certificate(
                holder_id=member.pk,
                snapshot=snapshot,
                course=course,
                template=template,
                session=session,
                issued_on=issued_on,
                by=by,
                key=key,
                sequence=sequence,
            )
            certificate.full_clean(validate_constraints=False, validate_unique=False)
            certificate.save()
    except IntegrityError:
        existing = _valid_certificate(member=member, course=course)
        if existing is None:
            raise
        return existing
    # Also picks up a completion recorded without the courses service (the demo data).
    member_activity_refresh(member_ids=[member.pk])
    log.debug("Certificate %s issued to member %s", certificate.number, member.pk)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate, by, reason) -> Certificate:
    """Revoke with a reason. The row stays; the verification page shows the reason."""
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"revoked_reason": _("Cần ghi lý do thu hồi.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == CertificateStatus.REVOKED:
        raise ValidationError(_("Giấy chứng nhận này đã bị thu hồi."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoked_reason = reason
    certificate.full_clean(validate_unique=False)
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
    member_activity_refresh(member_ids=[certificate.holder_id])
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate, by, reason) -> Certificate:
    """Replace a valid certificate by a new one (new number, today's date, the holder's
    current details: the usual reason is a misspelt name), revoking the old one with
    ``reason`` and linking the new one to it."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != CertificateStatus.VALID:
        raise ValidationError(_("Chỉ cấp lại được giấy chứng nhận còn hiệu lực."))
    holder = old.holder
    if holder.anonymised_at:
        raise ValidationError(_("Không thể cấp lại cho người đã được ẩn danh."))
    reason = normalize_text(reason)
    if not reason:
        raise ValidationError({"revoked_reason": _("Cần ghi lý do cấp lại.")})
    certificate_revoke(certificate=old, by=by, reason=_("Cấp lại: %(reason)s") % {"reason": reason})
    course = old.course
    template = course.certificate_template or old.template
    issued_on = timezone.localdate()
    key = template.number_suffix
    sequence = allocate_sequence(issuing_body_key=key, year=issued_on.year)
    new = _new_certificate(
        holder_id=holder.pk,
        snapshot=_member_snapshot(holder),
        course=course,
        template=template,
        session=old.session,
        issued_on=issued_on,
        by=by,
        key=key,
        sequence=sequence,
    )
    new.replaces = old
    new.full_clean(validate_constraints=False, validate_unique=False)
    new.save()
    member_activity_refresh(member_ids=[holder.pk])
    return new


def certificate_pdf_ensure(*, certificate, regenerate=False, request=None) -> Certificate:
    """Render and store the PDF the first time; afterwards the stored file is served as is,
    unless ``regenerate`` is asked for (after a template correction, say)."""
    from .pdf import certificate_pdf_bytes

    if certificate.pdf and not regenerate:
        return certificate
    data = certificate_pdf_bytes(certificate, request=request)
    old_name = certificate.pdf.name if certificate.pdf else None
    certificate.pdf.save("certificate.pdf", ContentFile(data), save=False)
    certificate.pdf_generated_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        pdf=certificate.pdf.name, pdf_generated_at=certificate.pdf_generated_at
    )
    if old_name and old_name != certificate.pdf.name:
        certificate.pdf.storage.delete(old_name)
    return certificate


def certificate_pdf_read(*, certificate, request=None) -> bytes:
    certificate_pdf_ensure(certificate=certificate, request=request)
    with certificate.pdf.open("rb") as handle:
        return handle.read()


@transaction.atomic
def certificates_anonymise_holder(*, member) -> int:
    """Clear the personal data kept on ``member``'s certificates (name, date of birth, team)
    and their stored PDFs. The rows stay, so counts by course and ward are unchanged, and the
    verification page says the certificate was issued to an anonymised person."""
    certificates = list(Certificate.objects.filter(holder=member).only("pk", "pdf"))
    for certificate in certificates:
        if certificate.pdf:
            certificate.pdf.storage.delete(certificate.pdf.name)
    return Certificate.objects.filter(holder=member).update(
        holder_name="",
        holder_birth_date=None,
        holder_team_name="",
        holder_anonymised=True,
        pdf="",
        pdf_generated_at=None,
    )


# --- bulk ----------------------------------------------------------------------------------


def bulk_issue_job_create(*, course, by, session=None) -> BulkIssueJob:
    """Record a bulk issue limited to ``by``'s scope (nothing is issued yet)."""
    _template_for(course)
    if session is not None and session.course_id != course.pk:
        raise ValidationError(_("Buổi tập huấn này không thuộc khóa học đã chọn."))
    scope = scope_for(by)
    if scope.nothing:
        raise ValidationError(_("Tài khoản này không có phạm vi để cấp giấy chứng nhận."))
    job = BulkIssueJob(
        course=course,
        session=session,
        requested_by=by,
        scope_province_id=None if scope.everything else scope.province_id,
        scope_ward_id=None if scope.everything else scope.ward_id,
    )
    job.full_clean()
    job.save()
    return job


def certificates_bulk_issue_enqueue(*, course, by, session=None) -> BulkIssueJob:
    """Create the job and hand it to the task queue; the admin shows its progress."""
    from .tasks import certificates_bulk_issue_task

    job = bulk_issue_job_create(course=course, by=by, session=session)
    result = certificates_bulk_issue_task.enqueue(job_id=job.pk)
    BulkIssueJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def certificates_bulk_issue(*, course, by, session=None) -> dict:
    """Issue every eligible member now (in this process) and return the counts."""
    job = bulk_issue_job_create(course=course, by=by, session=session)
    return bulk_issue_job_run(job=job)


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
    template = _template_for(course)
    by = job.requested_by
    BulkIssueJob.objects.filter(pk=job.pk).update(
        status=BulkJobStatus.RUNNING, started_at=job.started_at or timezone.now(), finished_at=None
    )
    already = Certificate.objects.filter(bulk_job=job).count()
    rows = eligible_completions(
        course=course,
        session=job.session,
        province_id=job.scope_province_id,
        ward_id=job.scope_ward_id,
    )
    BulkIssueJob.objects.filter(pk=job.pk).update(total=already + len(rows), done=already)
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
                done=F("done") + created, errors=F("errors") + len(failed)
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
                    _new_certificate(
                        holder_id=row["member_id"],
                        snapshot={
                            "holder_name": row["member__full_name"],
                            "holder_birth_date": row["member__date_of_birth"],
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
                member_activity_refresh(member_ids=[row["member_id"] for row in batch])
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
