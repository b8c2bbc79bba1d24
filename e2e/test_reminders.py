"""Flow (issue 19.5 and 19.6): an invited member's reminder reaches a local fake SMS gateway
and shows in the ward officer's message list; the member adds the session to their calendar
and makes a private calendar address.

The timer's command runs against the e2e server's database (``manage.py send_reminders
--inline`` with the server's environment), its SMS backend pointed at a fake gateway started
here on 127.0.0.1: no message leaves the machine. Everything a person does goes through the
browser."""

import re
import subprocess
import sys

from playwright.sync_api import expect

from e2e.conftest import BASE_DIR, DEMO_PASSWORD, check_page, django_shell, server_env, sign_in
from tests.reminders.fake_gateway import FakeGateway

MEMBER_PHONE = "0912000005"
WARD_OFFICER = "0912000004"
TITLE = "Tập huấn nhắc lịch thử nghiệm"

# A session of the member's ward starting in 23 hours with the member invited; reminders of an
# earlier run are removed so each run (one per viewport) sends again. Prints whether "now" is
# inside quiet hours (then the message must wait for 07:00 instead of being sent).
SETUP = f"""
import datetime
from django.utils import timezone
from courses.attendance.models import Attendance, TrainingSession
from courses.reminders.models import OutboundMessage
from courses.reminders.timing import is_quiet
from teams.models import Member
member = Member.objects.get(phone="{MEMBER_PHONE}")
starts = timezone.now() + datetime.timedelta(hours=23)
session, _ = TrainingSession.objects.update_or_create(
    title="{TITLE}",
    defaults=dict(organiser_ward=member.ward, organiser_province=member.ward.province,
                  venue="Nhà văn hóa thôn", starts_at=starts,
                  ends_at=starts + datetime.timedelta(hours=2)),
)
Attendance.objects.get_or_create(session=session, member=member)
OutboundMessage.objects.filter(session=session).delete()
print(session.pk, is_quiet(timezone.now()))
"""


def run_send_reminders(gateway):
    env = {
        **server_env_path(),
        "LMS_REMINDER_SMS_BACKEND": "courses.reminders.channels.sms.SmsGatewayChannel",
        "LMS_SMS_GATEWAY_URL": f"{gateway.url}/sms/send",
        "LMS_SMS_GATEWAY_TOKEN": "e2e-token",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--inline"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def server_env_path():
    from e2e.conftest import _DATA_DIR

    return server_env(_DATA_DIR["path"])


def test_reminder_reaches_the_fake_gateway_and_the_officers_list(page, second_page):
    session_pk, quiet = django_shell(SETUP).splitlines()[-1].split()
    gateway = FakeGateway()
    try:
        output = run_send_reminders(gateway)
        posts = gateway.posts("/sms/")
        if quiet == "True":
            assert posts == [], "nothing is sent in quiet hours"
        else:
            to_member = [p for p in posts if p["json"]["to"] == MEMBER_PHONE]
            assert len(to_member) == 1, output
            text = to_member[0]["json"]["text"]
            assert (
                text.startswith("Nhac lich tap huan ") and "Tap huan nhac lich thu nghiem" in text
            )
            assert to_member[0]["headers"]["authorization"] == "Bearer e2e-token"
            # The timer's next run sends nothing twice.
            run_send_reminders(gateway)
            assert len([p for p in gateway.posts("/sms/") if p["json"]["to"] == MEMBER_PHONE]) == 1
    finally:
        gateway.close()

    # The ward officer reads the message list in the admin, in Vietnamese.
    officer = page
    officer.goto("/admin/login/")
    officer.fill("input[name=username]", WARD_OFFICER)
    officer.fill("input[name=password]", DEMO_PASSWORD)
    officer.locator("form button[type=submit]").first.click()
    expect(officer.locator("main")).to_be_visible()
    officer.goto("/admin/reminders/messages/")
    expect(officer.locator("h1")).to_contain_text("Tin nhắc lịch")
    row = officer.locator("tr", has_text="Nhắc buổi tập huấn trước 1 ngày").first
    expect(row).to_be_visible()
    expect(row).to_contain_text("Chờ gửi" if quiet == "True" else "Đã gửi")
    check_page(officer, "reminders", "1-admin-messages", axe=False)

    # The member downloads the session's .ics and makes a private calendar address.
    member = second_page
    sign_in(member, MEMBER_PHONE)
    member.goto("/tap-huan/cua-toi/")
    link = member.locator(f"a[href='/lich/buoi/{session_pk}.ics']")
    expect(link).to_have_text("Thêm vào lịch (.ics)")
    ics = member.request.get(link.get_attribute("href"))
    assert ics.status == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Tập huấn nhắc lịch thử nghiệm" in ics.text()
    check_page(member, "reminders", "2-my-sessions")

    member.goto("/accounts/tai-khoan/")
    expect(member.get_by_role("heading", name="Nhắc lịch tập huấn")).to_be_visible()
    member.get_by_role("button", name=re.compile("Tạo địa chỉ")).click()
    feed = member.locator("[data-feed-url]")
    expect(feed).to_have_value(re.compile(r"/lich/rieng/[\w-]{40,}\.ics$"))
    check_page(member, "reminders", "3-account")
    answer = member.request.get(feed.input_value())
    assert answer.status == 200 and TITLE in answer.text()

    member.get_by_role("button", name="Thu hồi địa chỉ lịch").click()
    expect(member.locator("[data-feed-url]")).to_have_count(0)
    assert member.request.get(feed_url := answer.url).status == 404, feed_url
