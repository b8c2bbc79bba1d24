"""The member flows moved to ``lms.privacy`` keep their addresses, names and permissions, and the
audit logs keep only their listing and inspect views on the shared read-only base."""

import pytest
from django.urls import NoReverseMatch, reverse

from lms.accounts.groups import groups_sync
from lms.accounts.models import ExportLog, User
from lms.accounts.permissions import ReadOnlyPermissionPolicy
from lms.accounts.services import export_log_record, user_role_groups_sync
from tests.factories.accounts import AdminFactory, WardOfficerFactory, member_with_account
from tests.factories.teams import WardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return member_with_account(ward=WardFactory(), full_name="Trần Thị Mai", phone="0912000005")


def _admin_screens(member):
    return [
        "/admin/accounts/activation/",
        "/admin/accounts/anonymise/",
        f"/admin/accounts/anonymise/{member.pk}/",
        "/admin/accounts/export-log/",
        "/admin/accounts/anonymisation-log/",
    ]


def test_url_names_keep_their_addresses(member):
    assert reverse("accounts_admin:activation_slips") == "/admin/accounts/activation/"
    assert reverse("accounts_admin:anonymise") == "/admin/accounts/anonymise/"
    assert (
        reverse("accounts_admin:anonymise_confirm", args=[member.pk])
        == f"/admin/accounts/anonymise/{member.pk}/"
    )
    assert reverse("accounts:profile") == "/accounts/tai-khoan/"
    assert reverse("accounts:consent") == "/accounts/tai-khoan/cong-khai/"
    assert reverse("accounts:login") == "/accounts/dang-nhap/"


def test_admin_opens_every_moved_screen(client, member):
    client.force_login(AdminFactory())
    for url in _admin_screens(member):
        assert client.get(url).status_code == 200, url


def test_member_is_turned_away_from_every_moved_screen(client, member):
    client.force_login(member.user)
    for url in _admin_screens(member):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"], url


def test_ward_officer_prints_slips_but_does_not_anonymise(client, member):
    groups_sync()
    officer = user_role_groups_sync(user=WardOfficerFactory(ward=member.ward))
    client.force_login(officer)
    assert client.get("/admin/accounts/activation/").status_code == 200
    for url in _admin_screens(member)[1:]:
        assert client.get(url).status_code in (302, 403), url


def test_member_opens_their_own_account_page(client, member):
    client.force_login(member.user)
    response = client.get("/accounts/tai-khoan/")
    assert response.status_code == 200
    assert response.context["member"] == member


def test_audit_log_routes_only_listing_and_inspect(client):
    admin = AdminFactory()
    entry = export_log_record(user=admin, export="Thành viên", file_format="csv", row_count=3)
    client.force_login(admin)
    assert reverse("exportlog:inspect", args=[entry.pk]).endswith(f"/inspect/{entry.pk}/")
    assert client.get(f"/admin/accounts/export-log/inspect/{entry.pk}/").status_code == 200
    for name in ("add", "edit", "delete", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"exportlog:{name}", args=[entry.pk])
    assert client.get(f"/admin/accounts/export-log/edit/{entry.pk}/").status_code == 404
    assert ExportLog.objects.count() == 1


def test_read_only_policy_refuses_writes_even_to_superusers():
    admin = AdminFactory()
    policy = ReadOnlyPermissionPolicy(User)
    assert policy.user_has_permission(admin, "view")
    assert not policy.user_has_any_permission(admin, ["add", "change", "delete"])
    assert not policy.users_with_any_permission(["add", "change", "delete"]).exists()
