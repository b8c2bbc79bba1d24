"""Flow 4: a province officer issues the certificates of a course in bulk, downloads one PDF;
the public verify page shows it valid, and revoked once the officer revokes it.

The demo course "An toàn thông tin cơ bản" has members who completed it without a valid
certificate (one revoked, one expired), so a bulk run always has someone to issue to; the
certificate revoked here is issued again by the next run (the other viewport)."""

import re

from playwright.sync_api import expect

from e2e.conftest import check_page, shot
from e2e.test_course_authoring import admin_sign_in

OFFICER = "0912000003"  # Cán bộ cấp tỉnh, Cần Thơ
COURSE = "An toàn thông tin cơ bản cho Tổ công nghệ số cộng đồng"


def test_officer_issues_downloads_verifies_and_revokes(page, second_page):
    admin_sign_in(page, OFFICER)
    page.goto("/admin/certificates/issued/")
    page.get_by_role("link", name="Cấp hàng loạt").first.click()
    course = page.get_by_label("Khóa học")
    value = course.locator("option", has_text=COURSE).first.get_attribute("value")
    course.select_option(value)
    shot(page, "certificates", "1-bulk-form")
    page.get_by_role("button", name="Bắt đầu cấp").click()
    # The immediate task backend runs the job inside the request; the job page shows it done.
    expect(page.locator("main")).to_contain_text(re.compile(r"Đã cấp [1-9]\d*/[1-9]"))
    shot(page, "certificates", "2-bulk-done")

    page.get_by_role("link", name="Xem danh sách giấy chứng nhận").click()
    newest = page.locator("table tbody tr").first  # listing: newest number first
    expect(newest).to_contain_text("Còn hiệu lực")
    shot(page, "certificates", "3-listing")
    newest.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/admin/certificates/issued/inspect/\d+/"))
    shot(page, "certificates", "4-inspect")

    pdf_url = page.locator("main").get_by_role("link", name="Tải PDF").first.get_attribute("href")
    response = page.request.get(pdf_url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF") and len(body) > 5_000, len(body)

    verify_url = (
        page.locator("main").get_by_role("link", name="Trang tra cứu công khai").first
    ).get_attribute("href")
    citizen = second_page
    citizen.goto(verify_url)
    expect(citizen.locator(".cert-verify__status")).to_have_text("Còn hiệu lực")
    expect(citizen.locator("main")).to_contain_text(COURSE)
    check_page(citizen, "certificates", "5-verify-valid", touch=True)

    page.locator("main").get_by_role("link", name="Thu hồi").first.click()
    page.get_by_label(re.compile("Lý do")).fill("Kiểm thử tự động: cấp nhầm, thu hồi.")
    shot(page, "certificates", "6-revoke-form")
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.locator(".messages")).to_contain_text("Đã thu hồi giấy chứng nhận")

    citizen.reload()
    expect(citizen.locator(".cert-verify__status")).to_have_text("Đã thu hồi")
    expect(citizen.locator(".callout--danger")).to_contain_text("Kiểm thử tự động")
    check_page(citizen, "certificates", "7-verify-revoked", touch=True)
