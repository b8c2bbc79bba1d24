"""The "Khóa truy cập API" screens: an officer makes a token (shown once), sees only their own
tokens and revokes them; the call log is for administrators only."""

import pytest
from django.urls import reverse

from lms.api.models import ApiCallLog, ApiToken
from lms.api.selectors import api_token_for_secret
from lms.api.services import api_token_create
from tests.factories.accounts import AdminFactory

pytestmark = pytest.mark.django_db


def test_officer_creates_a_token_and_sees_it_once(client, province_officer):
    client.force_login(province_officer)
    url = reverse("api_tokens:add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "IOC tỉnh", "expires_at": ""})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    raw = response.context["raw_token"]
    assert raw in response.content.decode()
    assert api_token_for_secret(raw) == token
    assert token.owner == province_officer and token.name == "IOC tỉnh"
    # The secret is not on the listing, nor anywhere once the page is gone.
    listing = client.get(reverse("api_tokens:index")).content.decode()
    assert "IOC tỉnh" in listing and raw not in listing
    # It works with curl at once.
    api = client.get("/api/v1/reports/coverage", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 200


def test_officers_see_and_revoke_only_their_own(client, province_officer, ward_officer):
    mine, raw = api_token_create(owner=province_officer, name="Của tôi")
    theirs, _ = api_token_create(owner=ward_officer, name="Của phường")
    client.force_login(province_officer)
    listing = client.get(reverse("api_tokens:index")).content.decode()
    assert "Của tôi" in listing and "Của phường" not in listing
    assert client.get(reverse("api_tokens:delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_tokens:delete", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("api_tokens:delete", args=[mine.pk])).status_code == 200
    response = client.post(reverse("api_tokens:delete", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert ApiToken.objects.count() == 2  # revoked, not deleted
    api = client.get("/api/v1/reports/coverage", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401


def test_superuser_sees_everyone_s_tokens(client, province_officer, ward_officer):
    api_token_create(owner=province_officer, name="Khóa A")
    api_token_create(owner=ward_officer, name="Khóa B")
    client.force_login(AdminFactory())
    listing = client.get(reverse("api_tokens:index")).content.decode()
    assert "Khóa A" in listing and "Khóa B" in listing


def test_call_log_is_for_administrators(client, officer_token, province_officer):
    _token, raw = officer_token
    client.get("/api/v1/provinces", HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = reverse("api_call_log:index")
    client.force_login(province_officer)
    assert client.get(url).status_code in (302, 403)
    client.force_login(AdminFactory())
    page = client.get(url)
    assert page.status_code == 200
    assert "/api/v1/provinces" in page.content.decode()


def test_members_have_no_token_screen(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("api_tokens:index")).status_code in (302, 403)


def test_menu_shows_tokens_to_officers_and_the_log_to_administrators(client, province_officer):
    client.force_login(province_officer)
    menu = client.get("/admin/").content.decode()
    assert reverse("api_tokens:index") in menu
    assert reverse("api_call_log:index") not in menu
    client.force_login(AdminFactory())
    assert reverse("api_call_log:index") in client.get("/admin/").content.decode()


def test_token_screens_have_no_english(client, province_officer):
    from tests.lms.test_admin_vietnamese import english_in

    token, raw = api_token_create(owner=province_officer, name="Khóa thử")
    client.get("/api/v1/provinces", HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.force_login(province_officer)
    pages = {
        "index": client.get(reverse("api_tokens:index")),
        "add": client.get(reverse("api_tokens:add")),
        "created": client.post(reverse("api_tokens:add"), {"name": "Khóa mới"}),
        "revoke": client.get(reverse("api_tokens:delete", args=[token.pk])),
    }
    client.force_login(AdminFactory())
    log = ApiCallLog.objects.get()
    pages["log"] = client.get(reverse("api_call_log:index"))
    pages["log_inspect"] = client.get(reverse("api_call_log:inspect", args=[log.pk]))
    found = {name: english_in(page.content.decode()) for name, page in pages.items()}
    assert {name: words for name, words in found.items() if words} == {}
    assert all(page.status_code == 200 for page in pages.values())
