"""The 20 admin screens a ward officer uses, read in a real browser as the officer reads them
(visible text only, after Wagtail's scripts ran): none of them shows an English UI word."""

import re

from playwright.sync_api import expect

from e2e.conftest import DEMO_PASSWORD, django_shell
from tests.admin_english import ENGLISH, SCREENS

WARD_OFFICER = "0912000004"

IDS = (
    "from teams.models import Member; m = Member.objects.get(phone='0912000005'); "
    "ms = m.memberships.filter(left_on=None).select_related('team').first(); "
    "print(m.pk, ms.team.pk, ms.team.hamlet_id)"
)


def english_on(page):
    text = page.locator("body").inner_text()
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def test_ward_officer_admin_reads_in_vietnamese(page):
    member, team, hamlet = django_shell(IDS).splitlines()[-1].split()

    page.goto("/admin/login/")
    expect(page.locator("input[name=password]")).to_be_visible()
    assert english_on(page) == [], "sign-in page"
    page.fill("input[name=username]", WARD_OFFICER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page.locator("main")).to_be_visible()

    found = {}
    for pattern in [*SCREENS, "/admin/khong-co-trang-nay/"]:
        url = pattern.format(member=member, team=team, hamlet=hamlet)
        page.goto(url)
        page.wait_for_load_state("load")
        expect(page.locator("main, body").first).to_be_visible()
        words = english_on(page)
        if words:
            found[url] = words
    assert found == {}
