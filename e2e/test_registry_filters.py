"""The national administrator filters the member list by province, then by ward: the ward list
is empty until a province is chosen (not 3,321 wards), fills with that province's wards when
the province changes, and the chosen ward filters the list."""

import re

from playwright.sync_api import expect

from e2e.conftest import shot
from e2e.test_course_authoring import admin_sign_in

ADMIN = "admin"
PROVINCE = "Thành phố Cần Thơ"
WARD = "Phường Vị Tân"


def test_ward_choice_follows_the_province(page):
    admin_sign_in(page, ADMIN)
    page.goto("/admin/to-cong-nghe/thanh-vien/")
    ward = page.locator("select[name=ward]")
    province = page.locator("select[name=province]")
    # Nationally, no ward until a province is chosen: only the empty choice.
    expect(ward.locator("option")).to_have_count(1)
    expect(ward.locator("option").first).to_have_text("Chọn tỉnh, thành phố trước")

    page.get_by_role("button", name=re.compile("Hiện bộ lọc|Show filters")).click()
    page.get_by_role("button", name="Tỉnh, thành phố").click()
    with page.expect_response(re.compile(r"/xa/chon\.json\?province=")) as answered:
        province.select_option(label=PROVINCE)
    assert answered.value.ok
    expect(ward.locator("option", has_text=WARD)).to_have_count(1)
    names = ward.locator("option").all_inner_texts()[1:]
    assert names and all(name.endswith(PROVINCE) for name in names), names[:5]
    shot(page, "registry", "1-wards-of-province")

    page.locator(".w-drilldown__submenu:not([hidden]) .w-drilldown__back").click()
    page.get_by_role("button", name="Xã, phường").click()
    ward.select_option(label=f"{WARD}, {PROVINCE}")
    expect(page).to_have_url(re.compile(r"ward=\d+"))
    expect(page.locator("#listing-results")).to_contain_text(WARD)
    rows = page.locator("#listing-results tbody tr")
    expect(rows.first).to_be_visible()
    shown = rows.all_inner_texts()
    assert shown and all(WARD in row for row in shown), shown[:3]
    shot(page, "registry", "2-ward-filtered")
