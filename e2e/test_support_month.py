"""Issue 17.9 on a phone and a desktop: the ward officer submits last month (the demo leaves it
waiting), the province officer sees the completeness, downloads it as XLSX and approves, and
the team leader then finds that month locked: an edit is refused with a clear message."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from e2e.conftest import check_page, django_shell, sign_in

WARD_OFFICER = "0912000004"
PROVINCE_OFFICER = "0912000003"
LEADER = "0912000005"

# Put last month of Phường Vị Tân back to "waiting for submission" so that the flow can run on
# both viewports, and name a record of that month for the leader to try to edit.
RESET = (
    "import datetime; from django.utils import timezone; from teams.models import Ward; "
    "from teams.support.models import SupportRecord, WardMonth; "
    "ward = Ward.objects.get(code='31333'); "
    "month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1); "
    "WardMonth.objects.filter(ward=ward, month=month).delete(); "
    "record = SupportRecord.objects.filter(month=month, "
    "team__memberships__member__phone='0912000005').first(); "
    "print(ward.pk, month.year, month.month, record.pk)"
)


def test_a_month_is_submitted_approved_and_locked(page, second_page, third_page):
    ward, year, month, record = django_shell(RESET).splitlines()[-1].split()
    month_url = f"/admin/ho-tro/thang/{ward}/{year}/{month}/"
    label = f"{int(month):02d}/{year}"

    # 1. The ward officer reviews the month and submits it.
    officer = page
    sign_in(officer, WARD_OFFICER)
    officer.goto(month_url)
    expect(officer.locator("main")).to_contain_text("Chưa gửi")
    officer.get_by_role("button", name="Gửi báo cáo tháng").click()
    expect(officer.locator("main")).to_contain_text("Đã gửi, chờ duyệt")

    # 2. The province officer sees the completeness, downloads it, and approves.
    province = second_page
    sign_in(province, PROVINCE_OFFICER)
    province.goto("/admin/ho-tro/thang/muc-do-day-du/")
    expect(province.locator("main")).to_contain_text("Phường Vị Tân")
    with province.expect_download() as download:
        province.get_by_role("link", name="Tải XLSX").click()
    workbook = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = [str(c) for row in workbook.active.iter_rows(values_only=True) for c in row if c]
    assert any("Vị Tân" in cell for cell in cells)
    province.goto(month_url)
    province.get_by_role("button", name="Duyệt", exact=True).click()
    expect(province.locator("main")).to_contain_text("Đã duyệt")

    # 3. The leader's month is locked: no edit links, and an edit is refused with a message.
    leader = third_page
    sign_in(leader, LEADER)
    leader.goto(f"/ho-tro/thang/?thang={label}")
    expect(leader.locator("main")).to_contain_text(re.compile("đã được cấp tỉnh duyệt"))
    leader.goto(f"/ho-tro/sua/{record}/")
    expect(leader.locator("main")).to_contain_text(re.compile("đã được cấp tỉnh duyệt"))
    check_page(leader, "support-month", "2-locked", touch=True)
