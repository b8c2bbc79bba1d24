"""The training hall on one Wi-Fi (issue 16.1): everyone is one address. Member A types a
wrong password until A's account locks; member B, in another browser at the same address,
signs in and checks in; A's lock says what is locked and who can unlock it; the ward officer
unlocks A from A's admin page, and A signs in."""

import re

from playwright.sync_api import expect

from e2e.conftest import DEMO_PASSWORD, check_page, django_shell, sign_in

TRAINER = "0912000001"
WARD_OFFICER = "0912000004"  # Cán bộ Phường Vị Tân
MEMBER_B = "0912000005"  # Trần Thị Mai
MEMBER_A = "0912000102"  # Nguyễn Thị Hồng Nhung (given an account below)
SESSION_TITLE = "Tập huấn nhận diện lừa đảo trực tuyến – buổi 2"  # open today (demo)
BROWSER_FAILURES = 5

# A gets an account, B is "invited, not marked", and A starts with no failures. The e2e server
# runs with AXES_FAILURE_LIMIT=50 so that no other flow ever locks; all but the last
# BROWSER_FAILURES of A's failures are recorded here, from the same address and with the
# account key that the browser's failures use, so that the browser meets the lock after five.
RESET = f"""
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from courses.attendance.models import Attendance
from lms.accounts.models import User
from teams.models import Member
a = Member.objects.get(phone="{MEMBER_A}")
if a.user_id is None:
    user = User(username="{MEMBER_A}", phone="{MEMBER_A}", role="member")
    user.set_password("{DEMO_PASSWORD}")
    user.save()
    Member.objects.filter(pk=a.pk).update(user=user)
AccessAttempt.objects.filter(username__in=["{MEMBER_A}", "{MEMBER_B}"]).delete()
AccessAttempt.objects.create(
    username="{MEMBER_A}", ip_address="127.0.0.1", user_agent="e2e: earlier failures",
    failures_since_start=settings.AXES_FAILURE_LIMIT - {BROWSER_FAILURES},
    attempt_time=timezone.now(), get_data="", post_data="", http_accept="", path_info="/",
)
Attendance.objects.filter(
    session__title="{SESSION_TITLE}", member__phone__in=["{MEMBER_A}", "{MEMBER_B}"]
).update(status="", checked_in_at=None, method="", marked_by=None)
from django.urls import reverse
print(reverse("teams_member:inspect", args=[a.pk]))
"""


def current_checkin_url(trainer):
    """The URL the projected QR code encodes now (it rotates)."""
    state_url = trainer.locator(".screen").get_attribute("data-state-url")
    return trainer.request.get(state_url).json()["url"]


def open_screen(trainer):
    trainer.goto("/tap-huan/")
    trainer.get_by_role("link", name=SESSION_TITLE).first.click()
    trainer.get_by_role("link", name=re.compile("Màn hình điểm danh|Mở màn hình")).first.click()
    expect(trainer.locator("#screen-qr")).to_be_visible()


def scan_and_sign_in(page, url, login, password):
    page.goto(url)
    page.get_by_label("Số điện thoại hoặc email").fill(login)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập và điểm danh").click()
    page.wait_for_load_state()


def test_one_member_locked_the_hall_checks_in(page, second_page, third_page):
    member_a_page = django_shell(RESET).splitlines()[-1]
    trainer, member_b = third_page, second_page
    sign_in(trainer, TRAINER)
    open_screen(trainer)

    # A, at the hall, keeps typing a wrong password on the check-in page.
    for n in range(BROWSER_FAILURES):
        scan_and_sign_in(page, current_checkin_url(trainer), MEMBER_A, "sai-mat-khau")
        if n < BROWSER_FAILURES - 1:
            expect(page.locator("main")).to_contain_text("mật khẩu không đúng")
    expect(page.locator("h1")).to_have_text("Tạm khóa đăng nhập")
    lock = page.locator("main section")
    expect(lock).to_contain_text("tài khoản này tạm bị khóa đăng nhập trong 15 phút")
    expect(lock).to_contain_text("giảng viên của buổi tập huấn bạn được mời")
    check_page(page, "hall", "1-locked", touch=True)

    # B, another phone on the same Wi-Fi (same address), signs in and checks in.
    scan_and_sign_in(member_b, current_checkin_url(trainer), MEMBER_B, DEMO_PASSWORD)
    expect(member_b).to_have_url(re.compile(r"/tap-huan/\d+/da-diem-danh/"))
    expect(member_b.locator("h1")).to_have_text("Điểm danh thành công")
    check_page(member_b, "hall", "2-b-checked-in", touch=True)

    # A's right password is still refused while A's account is locked.
    scan_and_sign_in(page, current_checkin_url(trainer), MEMBER_A, DEMO_PASSWORD)
    expect(page.locator("h1")).to_have_text("Tạm khóa đăng nhập")

    # The ward officer unlocks A from A's admin page (the trainer's tab serves as the
    # officer's browser: same hall, same address).
    officer = trainer
    officer.context.clear_cookies()
    officer.goto("/admin/login/")
    officer.fill("input[name=username]", WARD_OFFICER)
    officer.fill("input[name=password]", DEMO_PASSWORD)
    officer.click("form button[type=submit]")
    expect(officer).to_have_url(re.compile(r"/admin/$"))
    officer.goto(member_a_page)
    expect(officer.locator("[data-lockout=locked]")).to_be_visible()
    officer.get_by_role("button", name="Mở khóa đăng nhập").click()
    expect(officer.locator("[data-lockout=open]")).to_be_visible()

    # A signs in now.
    sign_in(page, MEMBER_A)
    expect(page.locator("h1")).not_to_have_text("Tạm khóa đăng nhập")
    assert "/dang-nhap/" not in page.url
