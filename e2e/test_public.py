"""The public site as a citizen and a member see it, on a phone and on a desktop."""

import re

from playwright.sync_api import expect

from e2e.conftest import (
    assert_no_horizontal_scroll,
    check_accessibility,
    check_page,
    open_menu,
    shot,
    sign_in,
)


def test_home_page_is_vietnamese_accessible_and_fits_a_phone(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Tổ công nghệ số cộng đồng" in page.title()
    assert_no_horizontal_scroll(page)
    check_accessibility(page)
    shot(page, "public", "home")


def test_language_switch_to_english_and_back(page):
    page.goto("/")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("button[name=language][value=vi]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_member_signs_in_with_phone_number(page):
    page.goto("/accounts/dang-nhap/")
    check_accessibility(page)
    shot(page, "public", "sign-in")
    sign_in(page, "0912 000 005")
    open_menu(page)
    assert page.get_by_role("button", name="Đăng xuất").count() == 1
    shot(page, "public", "signed-in")


def test_touch_targets_are_at_least_44px(page):
    page.goto("/")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('a.button, button, .lang-switch button, summary')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim(), el.getBoundingClientRect().height])"""
    )
    small = [(text, height) for text, height in sizes if height < 44]
    assert not small, small


def choose(select, text):
    """Pick the option whose label contains ``text``, once the page has offered it."""
    option = select.locator("option", has_text=text).first
    expect(option).to_be_attached()
    select.select_option(option.get_attribute("value"))


def test_public_pages_news_find_team_and_verify(page):
    """Every public page a citizen reaches: accessible, no sideways scroll, finger-sized."""
    page.goto("/")
    check_page(page, "public", "1-home", touch=True)

    page.goto("/trang/tin-tuc/")
    expect(page.locator("h1")).to_be_visible()
    check_page(page, "public", "2-news", touch=True)
    first_news = page.locator("main article a, main .news-item a").first
    if first_news.count():
        first_news.click()
        expect(page.locator("h1")).to_be_visible()
        check_page(page, "public", "3-news-article", touch=True)

    open_menu(page)
    page.locator("nav.site-nav:visible").get_by_role("link", name="Tìm tổ công nghệ số").click()
    expect(page.locator("h1")).to_have_text("Tìm tổ công nghệ số nơi bạn ở")
    check_page(page, "public", "4-find-team", touch=True)
    form = page.locator("form[data-find-team]")
    choose(form.locator("select[name=province]"), "Cần Thơ")
    # teams-find.js submits on change (without JavaScript, the "Tiếp tục" button does). Wait
    # for the province's page to load, as a person does: on a loaded machine the ward list can
    # be parsed before teams-find.js has bound its listener, and a change then submits nothing.
    page.wait_for_url(re.compile(r"province=\d+"))
    choose(form.locator("select[name=ward]"), "Vị Tân")
    page.wait_for_url(re.compile(r"ward=\d+"))
    form.get_by_role("button", name="Xem tổ").click()
    expect(page.locator(".find-team__results")).to_contain_text("Phường Vị Tân")
    expect(page.locator(".find-team__team").first).to_be_visible()
    check_page(page, "public", "5-find-team-results", touch=True)

    open_menu(page)
    page.locator("nav.site-nav:visible").get_by_role("link", name="Tra cứu chứng nhận").click()
    check_page(page, "public", "6-verify", touch=True)
    page.get_by_label("Số giấy chứng nhận hoặc mã xác thực").fill("KHONG-CO-MA-NAY")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.locator("main")).to_contain_text("Không tìm thấy")
    check_page(page, "public", "7-verify-not-found", touch=True)
