"""A course's or session's certificates as one ZIP, with the list of what it holds.

Expired certificates are left out unless asked for (``include_expired``): a ZIP is usually
downloaded to print or hand out, and an expired certificate handed out as if valid is the
mistake to avoid. Whatever is chosen, the ZIP carries ``danh-sach.csv``: every certificate
of the course (or session) in the user's scope, its state ("Còn hiệu lực" / "Đã hết hạn")
and whether its PDF is in the ZIP, so nobody has to guess why a file is missing. Included
expired PDFs sit in a ``het-han/`` folder.
"""

import io
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.exports import csv_bytes
from lms.core.text import fold

from .services import certificate_pdf_ensure

LIST_NAME = "danh-sach.csv"
EXPIRED_FOLDER = "het-han/"


def split_expired(certificates, *, today=None):
    """(valid today, expired) from certificates that are not revoked."""
    today = today or timezone.localdate()
    valid, expired = [], []
    for certificate in certificates:
        is_expired = certificate.expires_on is not None and certificate.expires_on < today
        (expired if is_expired else valid).append(certificate)
    return valid, expired


def pdf_name(certificate):
    holder = fold(certificate.holder_name).replace(" ", "-") or "an-danh"
    return f"{certificate.number.replace('/', '-')}_{holder}.pdf"


def _list_rows(valid, expired, *, include_expired):
    yes, no = _("Có"), _("Không")
    rows = [
        [
            _("Số"),
            _("Họ và tên"),
            _("Ngày cấp"),
            _("Có giá trị đến"),
            _("Tình trạng"),
            _("Có trong tệp ZIP"),
            _("Tên tệp"),
        ]
    ]
    for certificate, is_expired in [(c, False) for c in valid] + [(c, True) for c in expired]:
        included = include_expired or not is_expired
        name = (EXPIRED_FOLDER if is_expired else "") + pdf_name(certificate)
        rows.append(
            [
                certificate.number,
                certificate.holder_name,
                certificate.issued_on.strftime("%d/%m/%Y"),
                certificate.expires_on.strftime("%d/%m/%Y") if certificate.expires_on else "",
                _("Đã hết hạn") if is_expired else _("Còn hiệu lực"),
                yes if included else no,
                name if included else "",
            ]
        )
    return rows


def certificates_zip(
    *, valid, expired, include_expired=False, request=None, out=None, progress=None
) -> bytes | None:
    """The ZIP of ``valid`` (and ``expired`` when asked) with its list file. PDFs not made
    yet, or outdated, are made and stored on the way. Written to ``out`` (a file object;
    returns ``None``) or returned as bytes. ``progress`` (``lms.jobs.progress.Progress``)
    hears of every ``ZIP_PROGRESS_BATCH`` PDFs."""
    buffer = out if out is not None else io.BytesIO()
    # PDFs are already compressed: storing them is as small and much faster.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            LIST_NAME, csv_bytes(_list_rows(valid, expired, include_expired=include_expired))
        )
        members = [(c, "") for c in valid]
        if include_expired:
            members += [(c, EXPIRED_FOLDER) for c in expired]
        if progress is not None:
            progress.start(len(members))
        for index, (certificate, folder) in enumerate(members, start=1):
            certificate_pdf_ensure(certificate=certificate, request=request)
            with certificate.pdf.open("rb") as handle:
                archive.writestr(folder + pdf_name(certificate), handle.read())
            if progress is not None and index % ZIP_PROGRESS_BATCH == 0:
                progress.advance(ZIP_PROGRESS_BATCH)
    return None if out is not None else buffer.getvalue()


# --- queued: big ZIPs are made by the job worker (lms.jobs) --------------------------------

ZIP_JOB_KIND = "certificates.zip"
# Up to this many certificates the ZIP is made in the request; above, by the worker with a
# progress page (a PDF not made yet takes a fraction of a second to draw).
ZIP_INLINE_MAX = 25
ZIP_PROGRESS_BATCH = 25


def zip_name(course, session):
    name = f"giay-chung-nhan-{course.code or course.pk}"
    if session is not None:
        name += f"-buoi-{session.pk}"
    return f"{name}.zip"


def certificates_zip_queue(*, user, course, session, include_expired):
    """Queue the ZIP for ``user``; returns the job (its page shows the progress)."""
    from lms.jobs.services import job_start

    return job_start(
        kind=ZIP_JOB_KIND,
        by=user,
        title=_("Tải giấy chứng nhận (ZIP): %(course)s") % {"course": course.title},
        params={
            "course": course.pk,
            "session": session.pk if session is not None else None,
            "expired": include_expired,
        },
    )


def certificates_zip_job(job, progress):
    """The worker's side of ``certificates_zip_queue``: the certificates are picked again with
    the requester's scope, as the request would have."""
    import tempfile

    from courses.attendance.models import TrainingSession
    from courses.models import CoursePage
    from lms.accounts.services import export_log_record
    from lms.jobs.registry import JobFailed, JobOutput

    from .selectors import certificates_for_download

    params = job.params
    session = None
    if params.get("session"):
        session = (
            TrainingSession.objects.select_related("course").filter(pk=params["session"]).first()
        )
        course = session.course if session else None
    else:
        course = CoursePage.objects.filter(pk=params.get("course")).first()
    if course is None:
        raise JobFailed(_("Khóa học hoặc buổi tập huấn này không còn nữa."))
    user = job.requested_by
    certificates = list(
        certificates_for_download(user=user, course=course, session=session).filter(
            holder_anonymised=False
        )
    )
    valid, expired = split_expired(certificates)
    include_expired = bool(params.get("expired"))
    if not valid and not (include_expired and expired):
        raise JobFailed(_("Không có giấy chứng nhận nào để tải."))
    out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)
    certificates_zip(
        valid=valid, expired=expired, include_expired=include_expired, out=out, progress=progress
    )
    out.seek(0)
    export_log_record(
        user=user,
        export="certificates_zip",
        file_format="zip",
        filters={"course": course.pk, "session": params.get("session"), "expired": include_expired},
        row_count=len(valid) + (len(expired) if include_expired else 0),
    )
    return JobOutput(
        content=out, file_name=zip_name(course, session), content_type="application/zip"
    )


def register():
    from lms.jobs.registry import job_kind_register

    job_kind_register(ZIP_JOB_KIND, certificates_zip_job)
