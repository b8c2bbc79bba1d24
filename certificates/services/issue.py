"""Write flows for single certificates and their templates: issue, revoke, reissue, store
the PDF, anonymise."""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log as audit_log

from courses.attendance.choices import ATTENDED
from courses.attendance.models import Attendance
from courses.selectors import completion_status
from courses.services import course_completion_evaluate
from lms.core.signals import members_changed_send
from lms.core.signing import signing_enabled
from lms.core.text import normalize_text

from ..choices import CertificateStatus
from ..issuing import member_snapshot, new_certificate, template_for
from ..models import Certificate, CertificateTemplate
from ..numbering import allocate_sequence
from ..pdf import certificate_pdf_base_url, certificate_pdf_signed
from ..selectors import certificate_held

log = logging.getLogger(__name__)


class CertificateNotEligible(ValidationError):
    """The member does not (yet) meet the course's rules; ``messages`` are the reasons."""


# --- helpers -------------------------------------------------------------------------------


def check_session_course(*, course, session):
    if session is not None and session.course_id != course.pk:
        raise ValidationError(_("Buổi tập huấn này không thuộc khóa học đã chọn."))


def _check_session(*, member, course, session):

    check_session_course(course=course, session=session)
    if not Attendance.objects.filter(session=session, member=member, status__in=ATTENDED).exists():
        raise CertificateNotEligible(_("Người này không tham dự buổi tập huấn đã chọn."))


# --- templates -----------------------------------------------------------------------------


@transaction.atomic
def certificate_template_create(*, by=None, **fields) -> CertificateTemplate:
    """A new template from its field values (images as ``wagtailimages.Image`` objects)."""
    template = CertificateTemplate(**fields)
    template.full_clean()
    template.save()
    audit_log(instance=template, action="wagtail.create", user=by, content_changed=True)
    return template


@transaction.atomic
def certificate_template_update(*, template, by=None, **fields) -> CertificateTemplate:
    """Change a template. Certificates already issued keep what they state (their snapshot);
    a regenerated PDF shows the new layout."""
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    audit_log(instance=template, action="wagtail.edit", user=by, content_changed=True)
    return template


@transaction.atomic
def certificate_template_delete(*, template, by=None) -> None:
    """Delete a template no certificate was printed from (courses using it lose it)."""
    if template.certificates.exists():
        raise ValidationError(
            _("Không thể xóa mẫu đã dùng để cấp giấy chứng nhận: “%(name)s”.")
            % {"name": template.name}
        )
    audit_log(instance=template, action="wagtail.delete", user=by, deleted=True)
    template.delete()


# --- one certificate -----------------------------------------------------------------------


@transaction.atomic
def certificate_issue(*, member, course, by, session=None, issued_on=None) -> Certificate:
    """Issue the certificate of ``course`` to ``member``, or return the valid one they hold.

    Eligibility is the courses app's: a recorded ``CourseCompletion``, or the rules met now
    (``courses.services.course_completion_evaluate`` then records it). Refused with the
    Vietnamese reasons of ``courses.selectors.completion_status`` otherwise.
    """

    existing = certificate_held(member=member, course=course)
    if existing is not None:
        return existing
    if member.anonymised_at:
        raise ValidationError(_("Không thể cấp giấy chứng nhận cho người đã được ẩn danh."))
    template = template_for(course)
    if course_completion_evaluate(member=member, course=course) is None:
        status = completion_status(member=member, course=course)
        raise CertificateNotEligible(status.reasons or [_("Người này chưa hoàn thành khóa học.")])
    if session is not None:
        _check_session(member=member, course=course, session=session)
    issued_on = issued_on or timezone.localdate()
    snapshot = member_snapshot(member)
    key = template.number_suffix
    try:
        # A savepoint: if a concurrent issue for the same person won the race, the unique
        # constraint fires, the number we took goes back with the savepoint (no gap), and we
        # return theirs.
        with transaction.atomic():
            sequence = allocate_sequence(issuing_body_key=key, year=issued_on.year)
            certificate = new_certificate(
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
        existing = certificate_held(member=member, course=course)
        if existing is None:
            raise
        return existing
    # Also picks up a completion recorded without the courses service (the demo data).
    members_changed_send(sender=__name__, member_ids=[member.pk])
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
    members_changed_send(sender=__name__, member_ids=[certificate.holder_id])
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
    new = new_certificate(
        holder_id=holder.pk,
        snapshot=member_snapshot(holder),
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
    members_changed_send(sender=__name__, member_ids=[holder.pk])
    return new


def certificate_pdf_outdated(certificate) -> bool:
    """Whether the stored PDF no longer says what it should: there is none, it was made under
    another public address (its QR code would lead nowhere), it is not digitally signed, or
    the certificate was revoked after it was made (it must carry the "ĐÃ THU HỒI" mark)."""
    if not certificate.pdf:
        return True
    if certificate.pdf_base_url != certificate_pdf_base_url():
        return True
    if certificate.pdf_signed_at is None and signing_enabled():
        return True  # made before PDFs were signed: rebuilt, and signed, on next download
    revoked_at = certificate.revoked_at
    generated_at = certificate.pdf_generated_at
    return revoked_at is not None and (generated_at is None or generated_at < revoked_at)


def certificate_pdf_ensure(*, certificate, regenerate=False, request=None) -> Certificate:
    """Render and store the PDF when it is missing or outdated (``certificate_pdf_outdated``);
    otherwise the stored file is served as is, unless ``regenerate`` is asked for (after a
    template correction, say).

    Two downloads racing to rebuild the same file both render; the first to record its file
    wins and the other's file is deleted, so no stored file is left without its row.
    """
    if not regenerate and not certificate_pdf_outdated(certificate):
        return certificate
    base_url = certificate_pdf_base_url()
    signed = certificate_pdf_signed(certificate, request=request)
    data = signed.data
    old_name = certificate.pdf.name if certificate.pdf else ""
    storage = certificate.pdf.storage
    certificate.pdf.save("certificate.pdf", ContentFile(data), save=False)
    generated_at = timezone.now()
    updated = Certificate.objects.filter(pk=certificate.pk, pdf=old_name).update(
        pdf=certificate.pdf.name,
        pdf_generated_at=generated_at,
        pdf_base_url=base_url,
        pdf_signed_by=signed.signed_by,
        pdf_signed_at=signed.signed_at,
    )
    if not updated:
        storage.delete(certificate.pdf.name)
        certificate.refresh_from_db(
            fields=["pdf", "pdf_generated_at", "pdf_base_url", "pdf_signed_by", "pdf_signed_at"]
        )
        return certificate
    certificate.pdf_generated_at = generated_at
    certificate.pdf_base_url = base_url
    certificate.pdf_signed_by = signed.signed_by
    certificate.pdf_signed_at = signed.signed_at
    if old_name and old_name != certificate.pdf.name:
        storage.delete(old_name)
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
        holder_gender="",
        holder_team_name="",
        holder_anonymised=True,
        pdf="",
        pdf_generated_at=None,
        pdf_base_url="",
        pdf_signed_by="",
        pdf_signed_at=None,
    )
