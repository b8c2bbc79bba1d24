"""Flow 1: a trainer writes a course with two lessons (the second with a quiz question) in the
Wagtail admin and submits it to the moderation workflow; a reviewer approves, which publishes.

Wagtail's own admin strings (buttons, menus) are English in this release, so admin controls are
found by their stable attributes (``name``, ``title``, ``href``); our content is Vietnamese."""

import re
import time

from playwright.sync_api import expect

from e2e.conftest import check_page, shot

TRAINER = "0912000001"
REVIEWER = "0912000002"


def admin_sign_in(page, login):
    page.goto("/admin/login/")
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", "Demo@2026")
    page.click("form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))


def submit_for_moderation(page):
    """The workflow button sits in the footer's "Thao tác khác" (More actions) menu."""
    page.locator("footer").get_by_role("button", name="Thao tác khác").click()
    page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text("gửi duyệt")


def insert_block(page, label):
    """The "+" at the end of the lesson body, then the block by its Vietnamese label."""
    page.locator("[id^=panel-child][id$=-body-content] button.c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def page_id_from_edit_url(page):
    return int(re.search(r"/admin/pages/(\d+)/", page.url).group(1))


def create_course(page, code, title):
    page.goto("/admin/pages/")
    expect(page.locator("h1")).to_contain_text("Khóa học")
    page.locator("header a[href$='add_subpage/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/pages/add/courses/coursepage/\d+/"))
    page.fill("#id_title", title)
    page.fill("#id_code", code)
    page.fill("#id_summary", "Khóa học ngắn do kiểm thử tự động soạn: hai bài, một câu hỏi.")
    page.fill("#id_audience", "Thành viên Tổ công nghệ số cộng đồng")
    shot(page, "course-authoring", "1-course-form")
    submit_for_moderation(page)
    page.get_by_role("link", name=title).first.click()
    return page_id_from_edit_url(page)


def create_lesson(page, course_id, title, *, quiz):
    page.goto(f"/admin/pages/{course_id}/add_subpage/")
    expect(page).to_have_url(re.compile(r"/admin/pages/add/courses/lessonpage/\d+/"))
    page.fill("#id_title", title)
    page.fill("#id_intro", "Sau bài này, học viên biết nhận ra một tin nhắn giả mạo.")
    insert_block(page, "Tiêu đề mục")
    page.locator("input[name='body-0-value']").fill("Dấu hiệu nhận biết")
    if quiz:
        insert_block(page, "Câu hỏi một đáp án")
        page.fill(
            "textarea[name='body-1-value-question']",
            "Ngân hàng có bao giờ nhắn tin đề nghị bạn cung cấp mã OTP không?",
        )
        page.fill("input[name='body-1-value-options-0-value-text']", "Không bao giờ")
        page.check("input[name='body-1-value-options-0-value-correct']")
        # The list's own "add" button after the first option (the stream's is "Insert a block").
        page.locator("[id^=panel-child][id$=-body-content] button[title='Thêm']").last.click()
        page.fill("input[name='body-1-value-options-1-value-text']", "Có, khi cần xác minh")
        shot(page, "course-authoring", "2-lesson-quiz-form")
    submit_for_moderation(page)
    return page


def test_trainer_writes_course_reviewer_publishes(page, second_page, third_page):
    code = f"E2E-{page.viewport_name[:1].upper()}{int(time.time()) % 100000}"
    title = f"Kiểm thử {code}: nhận diện tin nhắn giả mạo"
    admin_sign_in(page, TRAINER)
    course_id = create_course(page, code, title)
    lessons = [f"Tin nhắn giả mạo ({code})", f"Kiểm tra nhanh ({code})"]
    create_lesson(page, course_id, lessons[0], quiz=False)
    create_lesson(page, course_id, lessons[1], quiz=True)
    shot(page, "course-authoring", "3-submitted")

    # Not public yet: the course waits for the reviewer.
    public = third_page
    public.goto("/hoc/")
    expect(public.locator("main")).not_to_contain_text(code)

    review = second_page
    admin_sign_in(review, REVIEWER)
    for _ in range(3):
        # The dashboard lists what awaits this reviewer; approving the only task publishes.
        review.goto("/admin/")
        row = review.locator("tr", has_text=code).first
        expect(row).to_be_visible()
        shot(review, "course-authoring", "4-review-dashboard")
        row.get_by_role("button", name="Thao tác", exact=True).click()
        with review.expect_navigation():
            row.locator(
                "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
            ).click()

    public.goto("/hoc/")
    public.get_by_role("link", name=title).first.click()
    expect(public.locator("h1")).to_have_text(title)
    for lesson in lessons:
        expect(public.locator(".lesson-list")).to_contain_text(lesson)
    check_page(public, "course-authoring", "5-published", touch=True)
