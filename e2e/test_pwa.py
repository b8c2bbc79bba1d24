"""Issue 19, items 1, 2 and 7 in the browser, at 360 px: the site installs (valid manifest,
service worker registered, no installability error from Chromium), a downloaded course reads
offline with the "Đang ngoại tuyến" banner, a quiz answered offline is graded by the server when
the network returns, and "Tiết kiệm dữ liệu" keeps a lesson under 40 KB."""

import gzip
import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEMO_PASSWORD,
    VIEWPORTS,
    check_page,
    django_shell,
    new_page,
    sign_in,
)

MEMBER_PHONE = "0912000005"
COURSE_CODE = "DVC-01"

RESET = f"""
from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress, OfflineSubmission, QuizAttempt, CourseCompletion
from courses import services
from teams.models import Member
member = Member.objects.get(phone="{MEMBER_PHONE}")
course = CoursePage.objects.get(code="{COURSE_CODE}")
lessons = LessonPage.objects.child_of(course)
OfflineSubmission.objects.filter(member=member).delete()
QuizAttempt.objects.filter(member=member, lesson__in=lessons).delete()
LessonProgress.objects.filter(member=member, lesson__in=lessons).delete()
CourseCompletion.objects.filter(member=member, course=course).delete()
services.enrolment_create(member=member, course=course)
print(course.url, course.lessons().first().url)
"""

COUNTS = f"""
from courses.models import OfflineSubmission, QuizAttempt
from teams.models import Member
member = Member.objects.get(phone="{MEMBER_PHONE}")
print(OfflineSubmission.objects.filter(member=member).count(), QuizAttempt.objects.filter(member=member, lesson__in=[s.lesson_id for s in OfflineSubmission.objects.filter(member=member)]).count())
"""


@pytest.fixture
def phone(browser, live_server_url):
    page = new_page(browser, live_server_url, "phone")
    yield page
    page.context.close()


@pytest.fixture
def installed_profile(browser, live_server_url, tmp_path):
    """A normal (not incognito) profile: Chromium refuses to install from incognito, and
    Playwright's usual contexts are incognito."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        base_url=live_server_url,
        viewport=VIEWPORTS["phone"],
        locale="vi-VN",
    )
    page = context.pages[0] if context.pages else context.new_page()
    page.viewport_name = "phone"
    yield page
    context.close()


def test_installable_manifest_and_service_worker(installed_profile):
    page = installed_profile
    page.goto("/")
    registered = page.evaluate(
        "() => navigator.serviceWorker.ready.then(r => r.active && r.active.scriptURL)"
    )
    assert registered.endswith("/sw.js")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(href)
    assert manifest.ok
    data = manifest.json()
    assert data["name"] == "Tổ công nghệ số cộng đồng – Học tập"
    assert data["display"] == "standalone"
    for icon in data["icons"]:
        assert page.request.get(icon["src"]).ok
    # Chromium's own verdict: what blocks "Install app" / "Add to home screen".
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest_check = cdp.send("Page.getAppManifest")
    assert not manifest_check.get("errors"), manifest_check["errors"]
    check_page(page, "pwa", "1-home", axe=False)


def test_course_read_offline_and_quiz_synced(phone):
    page = phone
    course_url, lesson_url = django_shell(RESET).splitlines()[-1].split()
    sign_in(page, MEMBER_PHONE, DEMO_PASSWORD)
    page.goto(course_url)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    box = page.locator("[data-offline-course]")
    expect(box.locator("[data-offline-state]")).to_contain_text("MB")
    box.get_by_role("button", name="Tải về để học khi không có mạng").click()
    expect(box.locator("[data-offline-state]")).to_contain_text("Đã tải về máy", timeout=30_000)
    check_page(page, "pwa", "2-downloaded", touch=True)

    page.context.set_offline(True)
    response = page.goto(lesson_url)
    assert response is not None and response.from_service_worker
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text("Đang ngoại tuyến")
    expect(page.locator("article.lesson-body h1")).to_be_visible()
    assert page.evaluate(
        "() => [...document.images].every(img => !img.src || (img.complete && img.naturalWidth > 0))"
    )
    check_page(page, "pwa", "3-lesson-offline", axe=False)

    quiz = page.locator("#kiem-tra")
    for fieldset in quiz.locator("fieldset.question").all():
        fieldset.locator("label.question__option").first.click()
    quiz.get_by_role("button", name="Nộp bài").click()
    expect(quiz.locator("[data-offline-note]")).to_contain_text("Đã lưu bài làm trên máy")
    assert django_shell(COUNTS).split()[-2:] == ["0", "0"]

    page.context.set_offline(False)
    expect(page.locator("#outbox-status")).to_contain_text("Bạn đạt", timeout=20_000)
    expect(quiz.locator("[data-offline-note]")).to_contain_text("Bạn đạt")
    page.evaluate("() => window.LmsPwa.flush()")
    assert django_shell(COUNTS).split()[-2:] == ["1", "1"]
    check_page(page, "pwa", "4-quiz-synced", axe=True)


def test_data_saver_lesson_weight(phone):
    page = phone
    course_url, lesson_url = django_shell(RESET).splitlines()[-1].split()
    sign_in(page, MEMBER_PHONE, DEMO_PASSWORD)
    # No service worker here: every byte comes from the network and is counted.
    page.context.add_cookies([{"name": "tiet_kiem_du_lieu", "value": "1", "url": page.url}])
    weights = []

    def count(response):
        # As production sends it: WhiteNoise serves CSS and JS gzipped (the dev server does
        # not); the HTML counts uncompressed, the conservative case.
        try:
            body = response.body()
        except Exception:  # a redirect or aborted response has no body
            return
        if response.url.endswith((".css", ".js")):
            body = gzip.compress(body, 9)
        weights.append((response.url, len(body)))

    page.on("response", count)
    page.goto(lesson_url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#data-saver")).to_be_checked()
    page_weights = [(u, n) for u, n in weights if "/sw.js" not in u and "manifest" not in u]
    total = sum(n for _u, n in page_weights)
    assert not any(u.endswith(".woff2") or "/media/" in u for u, _n in page_weights)
    assert total < 40 * 1024, page_weights
    print(f"\nlesson with 'Tiết kiệm dữ liệu', bytes received: {total}")  # noqa: T201
    check_page(page, "pwa", "5-data-saver", touch=True)


CHECKIN_SESSION = "Tập huấn nhận diện lừa đảo trực tuyến – buổi 2"  # open today (demo)
CHECKIN_RESET = f"""
from courses.attendance import tokens
from courses.attendance.models import Attendance, TrainingSession
session = TrainingSession.objects.get(title="{CHECKIN_SESSION}")
Attendance.objects.filter(session=session, member__phone="{MEMBER_PHONE}").update(
    status="", checked_in_at=None, method="", marked_by=None)
print(tokens.token_make(session))
"""
CHECKIN_STATUS = f"""
from courses.attendance.models import Attendance
row = Attendance.objects.get(session__title="{CHECKIN_SESSION}", member__phone="{MEMBER_PHONE}")
print(row.status or "-", row.method or "-")
"""


def test_check_in_survives_a_lost_signal(phone):
    """Item 4: the member scanned while online, the signal dropped before "Điểm danh"; the page
    keeps the scanned pass and sends the check-in once the network is back."""
    page = phone
    token = django_shell(CHECKIN_RESET).splitlines()[-1]
    sign_in(page, MEMBER_PHONE, DEMO_PASSWORD)
    page.goto(f"/tap-huan/d/{token}/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    page.locator("main form button[type=submit]").click()
    note = page.locator("[data-checkin-offline] [data-offline-note]")
    expect(note).to_contain_text("lượt quét của bạn đã được giữ trên máy")
    check_page(page, "pwa", "6-checkin-offline", axe=False)
    assert django_shell(CHECKIN_STATUS).split()[-2:] == ["-", "-"]
    page.context.set_offline(False)
    expect(page).to_have_url(re.compile(r"/da-diem-danh/"), timeout=20_000)
    status, method = django_shell(CHECKIN_STATUS).split()[-2:]
    assert status in ("present", "late") and method == "qr"  # the demo session began earlier
    check_page(page, "pwa", "7-checkin-done", axe=True)
