"""Issue 19, item 3: the trainer's roll call keeps working without a network. With the
browser's offline emulation: mark 5 people, reload the page offline (the service worker serves
it, the 5 waiting marks are still shown), go online, and the 5 marks arrive exactly once.
At 360 px, like the trainer's phone."""

import pytest
from playwright.sync_api import expect

from e2e.conftest import DEMO_PASSWORD, check_page, django_shell, new_page, sign_in

TRAINER = "0912000001"
SESSION_TITLE = "Tập huấn nhận diện lừa đảo trực tuyến – buổi 2"  # open today (demo)

RESET = f"""
from courses.attendance.models import Attendance, AttendanceChange, OfflineMark, TrainingSession
session = TrainingSession.objects.get(title="{SESSION_TITLE}")
OfflineMark.objects.filter(attendance__session=session).delete()
AttendanceChange.objects.filter(attendance__session=session).delete()
session.attendances.update(status="", checked_in_at=None, method="", marked_by=None)
print(session.pk)
"""

COUNTS = f"""
from courses.attendance.models import Attendance, AttendanceChange, OfflineMark
rows = Attendance.objects.filter(session__title="{SESSION_TITLE}")
print(OfflineMark.objects.filter(attendance__in=rows).count(),
      OfflineMark.objects.filter(attendance__in=rows, outcome="applied").count(),
      AttendanceChange.objects.filter(attendance__in=rows, method="roll_off").count(),
      rows.filter(status="present").count())
"""


@pytest.fixture
def phone(browser, live_server_url):
    page = new_page(browser, live_server_url, "phone")
    yield page
    page.context.close()


def test_roll_call_offline_marks_arrive_once(phone):
    page = phone
    pk = django_shell(RESET).splitlines()[-1]
    sign_in(page, TRAINER, DEMO_PASSWORD)
    url = f"/tap-huan/{pk}/diem-danh/"
    page.goto(url)
    # The trainer opened the roll call before the session, with a network: the service worker
    # is installed and keeps the page.
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    check_page(page, "offline-rollcall", "1-online", axe=False)

    page.context.set_offline(True)
    expect(page.locator("#offline-banner")).to_be_visible()
    rows = page.locator("ol.roster > li.roster__row")
    for index in range(5):
        rows.nth(index).locator("label.status-choice--present").click()
        expect(page.locator("#rollcall-pending")).to_have_text(f"{index + 1} thay đổi chưa gửi")
    assert django_shell(COUNTS).split()[-4:] == ["0", "0", "0", "0"]

    response = page.reload()
    assert response is not None and response.from_service_worker
    expect(page.locator("#rollcall-pending")).to_have_text("5 thay đổi chưa gửi")
    expect(page.locator("#offline-banner")).to_be_visible()
    for index in range(5):
        expect(rows.nth(index).locator("input[value=present]")).to_be_checked()
    check_page(page, "offline-rollcall", "2-offline-reloaded", axe=False)

    page.context.set_offline(False)
    expect(page.locator("#rollcall-pending")).to_be_hidden(timeout=20_000)
    expect(page.locator("#offline-banner")).to_be_hidden()
    # Sending again (the page and the service worker both try) changes nothing.
    page.evaluate("() => window.LmsPwa.flush()")
    assert django_shell(COUNTS).split()[-4:] == ["5", "5", "5", "5"]
    page.reload()
    for index in range(5):
        expect(rows.nth(index).locator("input[value=present]")).to_be_checked()
    check_page(page, "offline-rollcall", "3-synced", axe=True)
