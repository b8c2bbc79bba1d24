"""The work moved to the job worker: a big member list (preview, then confirmation) and a
certificate ZIP, through the admin pages with the immediate task backend."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.jobs.choices import JobStatus
from lms.jobs.models import Job
from teams.models import Member, PendingImport
from tests.certificates.conftest import complete
from tests.factories.accounts import AdminFactory
from tests.factories.teams import MemberFactory
from tests.teams.member_files import csv_bytes, row

pytestmark = pytest.mark.django_db

ROWS = 3_000


def _big_list():
    return csv_bytes(
        [
            row(f"Nguyễn Văn Thử {i}", f"0913{i:06d}", gender="Nam", role="Tổ viên")
            for i in range(ROWS)
        ]
    )


def test_big_member_list_preview_and_confirmation_run_as_jobs(client, users, monkeypatch):
    data = _big_list()
    assert len(data) > 100_000  # about the size that is queued in production
    monkeypatch.setattr("teams.import_jobs.QUEUE_ABOVE_BYTES", {".csv": 100_000})
    client.force_login(users.ward_officer)
    before = Member.objects.count()

    upload = SimpleUploadedFile("danh-sach.csv", data)
    response = client.post(reverse("teams_member:import"), {"file": upload})
    preview_job = Job.objects.get()
    assert response.status_code == 302 and response.url == preview_job.get_absolute_url()
    assert preview_job.status == JobStatus.DONE, preview_job.message
    assert preview_job.params["dry_run"] is True
    # Progress was written per batch of rows, never per row.
    assert preview_job.done == preview_job.total == 2 * ROWS
    assert 2 <= preview_job.progress_writes <= 12, preview_job.progress_writes

    # The job's page sends the officer on to the preview, which offers the confirmation.
    result = client.get(response.url)
    assert result.status_code == 302 and "job=" in result.url
    preview = client.get(result.url)
    assert preview.status_code == 200
    assert preview.context["report"].total_rows == ROWS
    assert len(preview.context["report"].created) == ROWS
    token = preview.context["token"]
    assert PendingImport.objects.filter(pk=token).exists()
    assert Member.objects.count() == before  # a preview saves nothing

    # Another officer cannot read the preview (personal data): 404.
    other = client.__class__()
    other.force_login(users.other_ward_officer)
    assert other.get(result.url).status_code == 404
    assert other.get(preview_job.get_absolute_url()).status_code == 404

    confirm = client.post(reverse("teams_member:import"), {"token": token})
    confirm_job = Job.objects.exclude(pk=preview_job.pk).get()
    assert confirm.status_code == 302 and confirm.url == confirm_job.get_absolute_url()
    assert confirm_job.status == JobStatus.DONE, confirm_job.message
    assert confirm_job.progress_writes <= 12
    assert Member.objects.count() == before + ROWS
    assert not PendingImport.objects.filter(pk=token).exists()  # taken once done
    done = client.get(client.get(confirm.url).url)
    assert done.status_code == 302 and done.url == reverse("teams_member:index")

    # The same token again: the session no longer holds it.
    again = client.post(reverse("teams_member:import"), {"token": token})
    assert again.status_code == 302 and again.url == reverse("teams_member:import")
    assert Job.objects.count() == 2


def test_small_member_list_stays_in_the_request(client, users):
    client.force_login(users.ward_officer)
    upload = SimpleUploadedFile("ds.csv", csv_bytes([row("Lê Thị Nhỏ", "0913999999")]))
    response = client.post(reverse("teams_member:import"), {"file": upload})
    assert response.status_code == 200 and "token" in response.context
    assert not Job.objects.exists()


def test_certificate_zip_is_queued_and_kept_for_the_requester(
    client, course, ward, admin, monkeypatch
):
    monkeypatch.setattr("certificates.admin_views.ZIP_INLINE_MAX", 1)
    for name in ("Lê Văn Bình", "Trần Thị Cúc", "Phạm Văn Dũng"):
        member = MemberFactory(ward=ward, full_name=name)
        complete(member, course)
        certificate_issue(member=member, course=course, by=admin)
    client.force_login(admin)
    response = client.get(reverse("certificates_admin:zip"), {"course": course.pk})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.kind == "certificates.zip" and job.status == JobStatus.DONE, job.message
    assert job.done == job.total == 3
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status["percent"] == 100
    download = client.get(status["result_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len([n for n in archive.namelist() if n.endswith(".pdf")]) == 3
    assert Certificate.objects.count() == 3

    client.force_login(AdminFactory())
    assert client.get(status["result_url"]).status_code == 404
