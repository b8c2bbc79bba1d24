"""Issue 17.2 on a phone and a desktop: team leader Trần Thị Mai (demo) records a help in four
taps from the home page, a second one with the place and skills remembered, then a day's
tally, and opens her team's month."""

import re
import time
import uuid

from playwright.sync_api import expect

from e2e.conftest import check_page, sign_in

LEADER = "0912000005"


def test_a_leader_records_a_help_and_a_tally(page):
    sign_in(page, LEADER)
    page.goto("/")
    page.get_by_role("link", name="Ghi nhận hỗ trợ người dân").first.click()
    expect(page.locator("h1")).to_have_text("Ghi nhận hỗ trợ người dân")
    check_page(page, "support-entry", "1-entry", touch=True)
    started = time.monotonic()
    page.locator("label.chip", has_text="Tại nhà người dân").click()
    skill = page.locator("label.chip", has_text=re.compile(r"^\s*VNeID\s*$"))
    if not skill.locator("input").is_checked():  # remembered from Mai's last record, or not
        skill.click()
    page.locator("label.chip", has_text="Cài đặt VNeID").click()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("h1")).to_have_text("Đã ghi nhận")
    seconds = time.monotonic() - started
    assert seconds < 30
    check_page(page, "support-entry", "2-done", touch=True)
    # A second help: "Ghi tiếp", the place and skills are remembered, one outcome, save.
    page.get_by_role("link", name="Ghi tiếp").click()
    expect(page.locator("h1")).to_have_text("Ghi nhận hỗ trợ người dân")
    expect(
        page.locator("label.chip", has_text="Tại nhà người dân").locator("input")
    ).to_be_checked()
    page.locator("label.chip", has_text="Cảnh báo lừa đảo trực tuyến").click()
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("h1")).to_have_text("Đã ghi nhận")
    page.get_by_role("link", name="Ghi số liệu cả ngày").click()
    expect(page.locator("h1")).to_have_text("Ghi số liệu cả ngày")
    page.fill("input[name=people]", "12")
    page.locator("label.chip", has_text="Lớp, buổi hướng dẫn cộng đồng").click()
    page.fill("input[name=n_fraud_warning]", "12")
    page.fill("input[name=note]", f"e2e {uuid.uuid4().hex[:6]}")
    check_page(page, "support-entry", "3-tally", touch=True)
    page.get_by_role("button", name="Lưu số liệu cả ngày").click()
    expect(page.locator("h1")).to_have_text("Đã ghi nhận")
    expect(page.locator(".support-list li").first).to_contain_text("12 người")
    page.goto("/ho-tro/thang/")
    expect(page.locator("h1")).to_contain_text("Số liệu tháng")
    check_page(page, "support-entry", "4-month")
