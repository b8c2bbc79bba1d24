"""Big member lists are checked and imported by the job worker (``lms.jobs``).

A list of 50,000 rows took 28 s to preview and 40 s to confirm inside the request (the
gunicorn timeout is 60 s). Above ``queue_above`` bytes (about 2,000 rows) the upload waits in
``PendingImport`` as before, and the preview and the confirmation each run as a job: the
officer sees the progress page, then the same preview page as for a small file.
"""

import dataclasses
import json
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.spreadsheets import SpreadsheetError
from lms.jobs.registry import JobFailed, JobOutput, job_kind_register
from lms.jobs.services import job_start

from .models import PendingImport, Ward
from .services import ImportReport, member_import, pending_import_take
from .services.imports import Issue
from .services.pending import PENDING_MAX_AGE

JOB_KIND = "teams.member_import"
# Uploads bigger than this are queued: about 2,000 rows (an XLSX row of the template is about
# 50 bytes once compressed, a CSV row about 100). Counting the rows would mean reading the
# file, which is a good part of the work (3.5 s for 50,000 XLSX rows).
QUEUE_ABOVE_BYTES = {".xlsx": 100_000, ".csv": 200_000}
DEFAULT_QUEUE_ABOVE = 100_000


def import_should_queue(*, size: int, suffix: str) -> bool:
    return size > QUEUE_ABOVE_BYTES.get(suffix, DEFAULT_QUEUE_ABOVE)


def member_import_queue(*, user, token, name, ward_id, create_hamlets, encoding, dry_run):
    """Queue the preview (``dry_run``) or the confirmation of the upload kept under ``token``."""
    title = (
        _("Kiểm tra danh sách thành viên: %(name)s")
        if dry_run
        else _("Nhập danh sách thành viên: %(name)s")
    )
    return job_start(
        kind=JOB_KIND,
        by=user,
        title=title % {"name": Path(name).name[:150]},
        params={
            "token": token,
            "name": Path(name).name[:200],
            "ward": ward_id,
            "create_hamlets": bool(create_hamlets),
            "encoding": encoding,
            "dry_run": bool(dry_run),
        },
    )


def member_import_job(job, progress):
    """The worker's side. The upload is read, not taken, until the work is over: a job whose
    worker died runs again from the same bytes (importing a list twice changes nothing)."""
    params, user = job.params, job.requested_by
    pending = PendingImport.objects.filter(
        token=params["token"], user=user, created_at__gt=timezone.now() - PENDING_MAX_AGE
    ).first()
    if pending is None:
        raise JobFailed(_("Phiên nhập đã hết hạn; hãy tải tệp lên lại."))
    data, suffix = bytes(pending.data), pending.suffix
    ward = Ward.objects.filter(pk=params["ward"]).first() if params.get("ward") else None
    try:
        report = member_import(
            file=data,
            file_name=f"x{suffix}",
            user=user,
            dry_run=params["dry_run"],
            create_hamlets=params["create_hamlets"],
            ward=ward,
            encoding=params.get("encoding", "auto"),
            progress=progress,
        )
    except SpreadsheetError as exc:
        pending_import_take(user=user, token=params["token"])
        raise JobFailed(str(exc)) from exc
    if not params["dry_run"] or not report.ok:
        # Confirmed, or nothing to confirm: the personal data goes now.
        pending_import_take(user=user, token=params["token"])
    return JobOutput(data=report_to_data(report))


def report_to_data(report) -> dict:
    return json.loads(json.dumps(dataclasses.asdict(report), cls=DjangoJSONEncoder))


def report_from_data(data) -> ImportReport:
    fields = {f.name for f in dataclasses.fields(ImportReport)}
    report = ImportReport(**{key: value for key, value in data.items() if key in fields})
    report.errors = [Issue(**issue) for issue in report.errors]
    report.warnings = [Issue(**issue) for issue in report.warnings]
    return report


def _result_url(job):
    return f"{reverse('teams_member:import')}?job={job.pk}"


def register():
    job_kind_register(JOB_KIND, member_import_job, result_url=_result_url)
