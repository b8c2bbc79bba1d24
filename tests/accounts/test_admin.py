"""Wagtail user administration with role and scope; the read-only audit logs."""

import re

import pytest
from django.contrib.auth.models import Group

from lms.accounts.groups import ROLE_GROUPS, groups_sync
from lms.accounts.models import ExportLog, User
from lms.accounts.services import export_log_record
from tests.factories.accounts import AdminFactory, ProvinceOfficerFactory, WardOfficerFactory
from tests.factories.teams import ProvinceFactory, WardFactory

USERS_NEW = "/admin/users/new/"
EXPORT_LOG = "/admin/accounts/export-log/"


def _user_data(**overrides):
    data = {
        "username": "0912000044",
        "email": "",
        "first_name": "Xuân",
        "last_name": "Mai Thị",
        "phone": "0912 000 044",
        "role": "ward_officer",
        "province": "",
        "ward": "",
        "password1": "Canbo-xa-2026!",
        "password2": "Canbo-xa-2026!",
    }
    data.update(overrides)
    return data


def _in_cell(text, html):
    # The filter's <select> lists every export name, so look inside table cells only.
    return re.search(rf"<td[^>]*>(\s|<[^>]+>)*{re.escape(text)}", html) is not None


@pytest.fixture
def admin_client(client, db):
    groups_sync()
    client.force_login(AdminFactory())
    return client


@pytest.mark.django_db
class UserAdminTests:
    def test_form_shows_scope_fields(self, admin_client):
        html = admin_client.get(USERS_NEW).content.decode()
        for name in ("phone", "role", "province", "ward"):
            assert f'name="{name}"' in html

    def test_ward_officer_needs_a_ward(self, admin_client):
        response = admin_client.post(USERS_NEW, _user_data())
        assert response.status_code == 200
        assert "Cán bộ cấp xã phải được gán một xã, phường." in response.content.decode()
        assert not User.objects.filter(username="0912000044").exists()

    def test_province_officer_needs_a_province(self, admin_client):
        response = admin_client.post(USERS_NEW, _user_data(role="province_officer"))
        assert "Cán bộ cấp tỉnh phải được gán một tỉnh, thành phố." in response.content.decode()
        assert not User.objects.filter(username="0912000044").exists()

    def test_malformed_phone_is_refused(self, admin_client):
        ward = WardFactory()
        response = admin_client.post(USERS_NEW, _user_data(ward=ward.pk, phone="12345"))
        assert "không hợp lệ" in response.content.decode()
        assert not User.objects.filter(username="0912000044").exists()

    def test_creates_ward_officer_with_province_from_ward_and_role_group(self, admin_client):
        ward = WardFactory()
        response = admin_client.post(USERS_NEW, _user_data(ward=ward.pk))
        assert response.status_code == 302
        user = User.objects.get(username="0912000044")
        assert user.phone == "0912000044"
        assert (user.ward, user.province) == (ward, ward.province)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUPS["ward_officer"][0]]
        assert user.has_perm("accounts.add_activationcode")

    def test_changing_role_moves_the_user_to_the_new_group(self, admin_client):
        ward = WardFactory()
        admin_client.post(USERS_NEW, _user_data(ward=ward.pk))
        user = User.objects.get(username="0912000044")
        province = ProvinceFactory()
        response = admin_client.post(
            f"/admin/users/edit/{user.pk}/",
            _user_data(
                role="province_officer",
                province=province.pk,
                password1="",
                password2="",
                is_active="on",
            ),
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        user.refresh_from_db()
        assert (user.role, user.province, user.ward) == ("province_officer", province, None)
        assert list(user.groups.values_list("name", flat=True)) == [
            ROLE_GROUPS["province_officer"][0]
        ]

    def test_ward_outside_province_is_refused(self, admin_client):
        ward = WardFactory()
        other = ProvinceFactory()
        response = admin_client.post(USERS_NEW, _user_data(ward=ward.pk, province=other.pk))
        assert "Xã, phường đã chọn không thuộc tỉnh này." in response.content.decode()

    def test_admin_role_makes_a_superuser(self, admin_client):
        response = admin_client.post(USERS_NEW, _user_data(role="admin", email="qt2@example.vn"))
        assert response.status_code == 302
        assert User.objects.get(username="0912000044").is_superuser

    def test_groups_exist_for_each_staff_role(self, db):
        groups_sync()
        names = set(Group.objects.values_list("name", flat=True))
        assert {name for name, _perms in ROLE_GROUPS.values()} <= names
        for name, _perms in ROLE_GROUPS.values():
            assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
class ExportLogAdminTests:
    def _logs(self):
        officer = WardOfficerFactory()
        export_log_record(
            user=officer,
            export="Danh sách thành viên",
            file_format="xlsx",
            filters={"ward": "5", "page": "2"},
            row_count=12,
        )
        export_log_record(user=officer, export="Báo cáo tập huấn", file_format="csv", row_count=3)
        return officer

    def test_administrator_sees_and_filters_the_log(self, admin_client):
        self._logs()
        html = admin_client.get(EXPORT_LOG).content.decode()
        assert "Danh sách thành viên" in html and "Báo cáo tập huấn" in html
        html = admin_client.get(EXPORT_LOG, {"file_format": "csv"}).content.decode()
        assert _in_cell("Báo cáo tập huấn", html)
        assert not _in_cell("Danh sách thành viên", html)

    def test_filters_are_recorded_without_noise(self, db):
        self._logs()
        assert ExportLog.objects.get(file_format="xlsx").filters == {"ward": "5"}

    def test_log_is_read_only(self, admin_client):
        self._logs()
        log = ExportLog.objects.first()
        assert admin_client.get(f"{EXPORT_LOG}inspect/{log.pk}/").status_code == 200
        assert admin_client.get(f"{EXPORT_LOG}new/").status_code == 404
        assert admin_client.get(f"{EXPORT_LOG}edit/{log.pk}/").status_code == 404
        assert admin_client.post(f"{EXPORT_LOG}delete/{log.pk}/").status_code == 404
        assert ExportLog.objects.count() == 2

    @pytest.mark.parametrize("factory", [WardOfficerFactory, ProvinceOfficerFactory])
    def test_officers_cannot_read_it(self, client, factory):
        groups_sync()
        self._logs()
        client.force_login(factory())
        response = client.get(EXPORT_LOG)
        assert response.status_code in (302, 403)
        assert "Danh sách thành viên" not in response.content.decode()


@pytest.mark.django_db
def test_user_listing_offers_anonymisation_for_member_accounts(admin_client):
    from tests.factories.accounts import member_with_account

    member = member_with_account()
    html = admin_client.get("/admin/users/").content.decode()
    assert f"/admin/accounts/anonymise/{member.pk}/" in html


@pytest.mark.django_db
class ScopedViewSetTests:
    """``ScopedModelViewSet`` behaviour, exercised through the teams member admin."""

    @pytest.fixture
    def setup(self, client):
        from django.urls import NoReverseMatch, reverse

        from lms.accounts.services import user_role_groups_sync
        from tests.factories.teams import MemberFactory

        try:
            index = reverse("teams_member:index")
        except NoReverseMatch:
            pytest.skip("teams member admin not registered")
        groups_sync()
        ward = WardFactory()
        neighbour = WardFactory(province=ward.province)
        mine = MemberFactory(ward=ward, full_name="Người Trong Xã")
        MemberFactory(ward=neighbour, full_name="Người Xã Bên")
        officer = WardOfficerFactory(ward=ward)
        user_role_groups_sync(user=officer)
        client.force_login(officer)
        return {
            "index": index,
            "ward": ward,
            "neighbour": neighbour,
            "mine": mine,
            "officer": officer,
        }

    def test_export_is_scoped_and_logged(self, client, setup):
        response = client.get(setup["index"], {"export": "csv"})
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Người Trong Xã" in body
        assert "Người Xã Bên" not in body
        log = ExportLog.objects.get()
        assert (log.user, log.file_format, log.row_count) == (setup["officer"], "csv", 1)

    def test_create_form_offers_only_wards_in_scope(self, client, setup):
        from django.urls import reverse

        html = client.get(reverse("teams_member:add")).content.decode()
        assert f'value="{setup["ward"].pk}"' in html
        assert f'value="{setup["neighbour"].pk}"' not in html


@pytest.mark.django_db
def test_user_listing_shows_role_and_scope(admin_client):
    ward = WardFactory(name="Phường Vị Tân Thử")
    WardOfficerFactory(ward=ward)
    html = admin_client.get("/admin/users/").content.decode()
    assert "Cán bộ cấp xã" in html
    assert "Phường Vị Tân Thử" in html


@pytest.mark.django_db
def test_nobody_changes_their_own_role(client):
    groups_sync()
    admin = AdminFactory(email="qt@example.vn")
    client.force_login(admin)
    response = client.post(
        f"/admin/users/edit/{admin.pk}/",
        _user_data(
            username=admin.username,
            email="qt@example.vn",
            role="member",
            password1="",
            password2="",
        ),
    )
    assert response.status_code == 302
    admin.refresh_from_db()
    assert admin.role == "admin" and admin.is_superuser


@pytest.mark.django_db
def test_migrate_builds_the_role_groups_with_every_apps_permissions():
    # No explicit groups_sync() here: the test database was built by migrate.
    group = Group.objects.get(name=ROLE_GROUPS["ward_officer"][0])
    codenames = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert ("wagtailadmin", "access_admin") in codenames
    assert ("accounts", "add_activationcode") in codenames
    # Apps installed after accounts contribute too (the sync runs after the last app).
    assert {label for label, _codename in codenames} - {"wagtailadmin", "accounts"}
