"""Queued work (lms.jobs): the national staffing report in Excel goes to the job worker; its page
shows the progress bar, which the small script moves without reloading until the file is
ready, and the file downloads. The e2e server runs tasks immediately, so the second flow
leaves a job waiting (as if no worker had taken it yet) and runs it while the page watches."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from e2e.conftest import ARTIFACTS, django_shell, shot
from e2e.test_course_authoring import admin_sign_in

ADMIN = "admin"
JOB_PAGE = re.compile(r"/admin/cong-viec/[0-9a-f-]{36}/$")


def _save(download, name):
    target = ARTIFACTS / "jobs" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    return target


def test_national_xlsx_is_queued_and_downloads(page):
    admin_sign_in(page, ADMIN)
    page.goto("/admin/bao-cao/staffing/?period=year&export=xlsx")
    expect(page).to_have_url(JOB_PAGE)
    expect(page.locator("[data-job-bar]")).to_have_attribute("value", "100")
    expect(page.locator("[data-job-status-label]")).to_have_text("Đã xong")
    shot(page, "jobs", "1-done")
    with page.expect_download() as info:
        page.locator("[data-job-result]").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    target = _save(download, f"{page.viewport_name}-staffing.xlsx")
    sheet = load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet.max_row > 5


def test_progress_bar_moves_to_100_without_reloading_by_hand(page):
    admin_sign_in(page, ADMIN)
    job_id = django_shell(
        "import datetime; from django.utils import timezone; "
        "from lms.accounts.models import User; from lms.jobs.models import Job; "
        "now = timezone.now(); "
        "job = Job.objects.create(kind='reports.export', title='Xuất báo cáo thử', "
        "requested_by=User.objects.get(username='admin'), "
        "params={'kind': 'staffing', 'format': 'xlsx', 'query': 'period=year'}, "
        "heartbeat_at=now, expires_at=now + datetime.timedelta(days=1)); print(job.pk)"
    )
    job_id = job_id.splitlines()[-1]
    page.goto(f"/admin/cong-viec/{job_id}/")
    expect(page.locator("[data-job-status-label]")).to_have_text("Đang chờ")
    expect(page.locator("[data-job-bar]")).to_have_attribute("value", "0")
    expect(page.locator("[data-job-unclaimed]")).to_be_hidden()
    shot(page, "jobs", "2-waiting")

    # The worker takes it now; the page, polling, shows the result without anyone reloading.
    django_shell(
        "from lms.jobs.models import Job; from lms.jobs.runner import job_run; "
        f"job_run(job=Job.objects.get(pk='{job_id}'))"
    )
    expect(page.locator("[data-job-bar]")).to_have_attribute("value", "100", timeout=15_000)
    result = page.locator("[data-job-result]")
    expect(result).to_be_visible()
    shot(page, "jobs", "3-ready")
    with page.expect_download() as info:
        result.click()
    assert info.value.suggested_filename.endswith(".xlsx")
