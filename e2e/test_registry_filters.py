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


def test_team_choice_follows_the_ward_on_the_support_log(page):
    """The support log's team list waits for a ward (a province has up to ~2,800 teams) and
    fills with the chosen ward's teams when the ward changes."""
    admin_sign_in(page, ADMIN)
    page.goto("/admin/ho-tro/nhat-ky/")
    team = page.locator("select[name=team]")
    expect(team.locator("option")).to_have_count(1)
    expect(team.locator("option").first).to_have_text("Chọn xã, phường trước")

    page.get_by_role("button", name=re.compile("Hiện bộ lọc|Show filters")).click()
    page.get_by_role("button", name="Tỉnh, thành phố").click()
    with page.expect_response(re.compile(r"/xa/chon\.json\?province=")):
        page.locator("select[name=province]").select_option(label=PROVINCE)
    page.locator(".w-drilldown__submenu:not([hidden]) .w-drilldown__back").click()
    page.get_by_role("button", name="Xã, phường").click()
    with page.expect_response(re.compile(r"/to/chon\.json\?ward=")) as answered:
        page.locator("select[name=ward]").select_option(label=f"{WARD}, {PROVINCE}")
    assert answered.value.ok
    teams = answered.value.json()["teams"]
    assert teams, "the demo ward has teams"
    expect(team.locator("option")).to_have_count(len(teams) + 1)
    expect(team.locator("option").nth(1)).to_have_text(teams[0]["name"])
    shot(page, "registry", "3-teams-of-ward")
