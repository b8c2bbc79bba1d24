"""The admin a ward officer uses reads in Vietnamese (issue 16.8): Wagtail's and Django's English
strings come from the project catalogue (locale/vi, ahead of the packages' own), raw values
read "Có" / "Không" / "—", and times are shown in Asia/Ho_Chi_Minh."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from lms.accounts.services import user_role_groups_sync
from tests.admin_english import ENGLISH, SCREENS
from tests.factories.accounts import WardOfficerFactory
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    MembershipFactory,
    ProvinceFactory,
    TeamFactory,
    WardFactory,
)


def visible_text(html):
    """The text a person can read: no scripts, styles, icons, templates, attributes."""
    html = re.sub(r"(?is)<(script|style|svg|template)\b.*?</\1>", " ", html)
    html = re.sub(r"(?is)<[^>]+\bhidden\b[^>]*>[^<]*<", "<", html)
    text = re.sub(r"(?s)<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text)


def english_in(html):
    text = visible_text(html)
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


@pytest.fixture
def ward_officer(db):
    province = ProvinceFactory(code="92", name="Thành phố Cần Thơ")
    ward = WardFactory(code="31333", province=province, name="Phường Vị Tân")
    hamlet = HamletFactory(ward=ward, name="Khu vực 1")
    team = TeamFactory(hamlet=hamlet)
    member = MemberFactory(ward=ward, full_name="Trần Thị Mai", it_major=False)
    MembershipFactory(team=team, member=member)
    officer = WardOfficerFactory(ward=ward)
    user_role_groups_sync(user=officer)
    return officer, member, team, hamlet


@pytest.mark.django_db
def test_ward_officer_screens_have_no_english(client, ward_officer):
    officer, member, team, hamlet = ward_officer
    client.force_login(officer)
    found = {}
    for pattern in SCREENS:
        url = pattern.format(member=member.pk, team=team.pk, hamlet=hamlet.pk)
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        words = english_in(response.content.decode())
        if words:
            found[url] = words
    missing = client.get("/admin/khong-co-trang-nay/")
    assert missing.status_code == 404
    if words := english_in(missing.content.decode()):
        found["404"] = words
    assert found == {}


@pytest.mark.django_db
def test_sign_in_page_is_vietnamese(client):
    html = client.get("/admin/login/").content.decode()
    assert english_in(html) == []
    text = visible_text(html)
    for words in ("Đăng nhập trang quản trị", "Mật khẩu", "Quên mật khẩu?", "Ghi nhớ đăng nhập"):
        assert words in text


def test_catalogue_wins_over_the_packages_and_has_plurals():
    with translation.override("vi"):
        assert translation.gettext("Snippets") == "Đoạn nội dung"
        assert translation.gettext("Save draft") == "Lưu nháp"
        assert translation.gettext("Page %(page_num)s of %(total_pages)s") % {
            "page_num": 1,
            "total_pages": 1,
        } == ("Trang 1 / 1")
        hours = translation.ngettext("%(num)d hour", "%(num)d hours", 4) % {"num": 4}
        assert translation.gettext("%(time_period)s ago") % {"time_period": hours} == (
            "4 giờ trước"
        )
    catalogue = Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES"
    for domain in ("django", "djangojs"):
        po, mo = catalogue / f"{domain}.po", catalogue / f"{domain}.mo"
        assert mo.stat().st_mtime >= po.stat().st_mtime - 1, f"{domain}.mo is older than .po"


@pytest.mark.django_db
def test_raw_values_and_times_read_in_vietnamese(client, ward_officer):
    officer, member, team, _hamlet = ward_officer
    client.force_login(officer)
    # Stored as 21:10 UTC; an officer reads 04:10 the next morning in Vietnam.
    stored = datetime.datetime(2026, 3, 9, 21, 10, tzinfo=datetime.UTC)
    type(member).objects.filter(pk=member.pk).update(created_at=stored)
    html = client.get(f"/admin/to-cong-nghe/thanh-vien/inspect/{member.pk}/").content.decode()
    text = visible_text(html)
    assert not re.search(r"(?<!\w)(None|True|False)(?!\w)", text)
    assert "Không" in text  # it_major=False
    local = timezone.localtime(stored, timezone.get_fixed_timezone(7 * 60))
    assert f"{local:%H:%M}" == "04:10"
    if "10/03/2026" in text:
        assert "04:10" in text and "21:10" not in text
