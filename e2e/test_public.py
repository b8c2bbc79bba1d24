"""The public site as a citizen and a member see it, on a phone and on a desktop."""

from e2e.conftest import (
    assert_no_horizontal_scroll,
    check_accessibility,
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
