"""One-time activation codes: issuing slips (scoped, all-or-nothing) and activating accounts."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lms.accounts.codes import ALPHABET, CODE_LENGTH, code_hash
from lms.accounts.groups import groups_sync
from lms.accounts.models import ActivationCode, User
from lms.accounts.services import account_activate
from lms.privacy.services import activation_codes_issue
from tests.factories.accounts import (
    PASSWORD,
    AdminFactory,
    TrainerFactory,
    WardOfficerFactory,
    member_with_account,
)
from tests.factories.teams import MemberFactory, WardFactory

NEW_PASSWORD = "Hoc-so-2026!"
ACTIVATE = "/accounts/kich-hoat/"
SLIPS = "/admin/accounts/activation/"


@pytest.fixture
def ward(db):
    return WardFactory()


@pytest.fixture
def officer(ward):
    groups_sync()
    officer = WardOfficerFactory(ward=ward)
    from lms.accounts.services import user_role_groups_sync

    user_role_groups_sync(user=officer)
    return User.objects.get(pk=officer.pk)


@pytest.fixture
def members(ward):
    return [
        MemberFactory(
            ward=ward, full_name="Trần Thị Mai", phone="0912000005", email="mai@example.vn"
        ),
        MemberFactory(ward=ward, full_name="Lê Văn Tâm", phone="0912000006", email=""),
    ]


def _issue(members, by):
    return {slip.member.pk: slip for slip in activation_codes_issue(members=members, by=by)}


@pytest.mark.django_db
class IssueCodesTests:
    def test_creates_accounts_named_by_phone_without_usable_password(self, officer, members):
        slips = _issue(members, officer)
        for member in members:
            member.refresh_from_db()
            user = member.user
            assert user.username == member.phone == user.phone
            assert not user.has_usable_password()
            assert user.role == "member"
            assert slips[member.pk].user == user
            code = slips[member.pk].code
            assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
        assert members[0].user.get_full_name() == "Trần Thị Mai"
        assert members[0].user.last_name == "Trần Thị"
        assert members[0].user.email == "mai@example.vn"

    def test_only_a_hash_is_stored(self, officer, members):
        slips = _issue(members, officer)
        record = ActivationCode.objects.get(user__phone="0912000005")
        code = slips[members[0].pk].code
        assert code not in record.code_hash
        assert record.code_hash == code_hash(user_id=record.user_id, code=code)
        assert record.issued_by == officer
        assert record.expires_at > timezone.now() + datetime.timedelta(days=29)

    def test_reissuing_replaces_the_open_code(self, officer, members):
        first = _issue(members[:1], officer)[members[0].pk].code
        second = _issue(members[:1], officer)[members[0].pk].code
        assert ActivationCode.objects.filter(user__phone="0912000005").count() == 1
        with pytest.raises(ValidationError):
            account_activate(phone="0912000005", code=first, password=NEW_PASSWORD)
        account_activate(phone="0912000005", code=second, password=NEW_PASSWORD)

    def test_member_of_another_ward_is_refused_and_nothing_is_saved(self, officer, members):
        stranger = MemberFactory(phone="0912000099")
        with pytest.raises(PermissionDenied):
            activation_codes_issue(members=[*members, stranger], by=officer)
        assert not User.objects.filter(phone__in=["0912000005", "0912000006"]).exists()
        assert not ActivationCode.objects.exists()

    def test_member_without_phone_stops_the_whole_batch(self, officer, members, ward):
        nophone = MemberFactory(ward=ward, phone="", full_name="Không Số")
        with pytest.raises(ValidationError) as error:
            activation_codes_issue(members=[*members, nophone], by=officer)
        assert "Không Số chưa có số điện thoại hợp lệ" in " ".join(error.value.messages)
        assert not ActivationCode.objects.exists()
        assert not User.objects.filter(role="member").exists()

    def test_phone_of_a_staff_account_is_not_taken_over(self, officer, ward):
        TrainerFactory(username="0912000011", phone="0912000011")
        member = MemberFactory(ward=ward, phone="0912000011")
        with pytest.raises(ValidationError):
            activation_codes_issue(members=[member], by=officer)
        member.refresh_from_db()
        assert member.user is None

    def test_trainer_may_not_issue(self, members):
        with pytest.raises(PermissionDenied):
            activation_codes_issue(members=members, by=TrainerFactory())

    def test_query_count_does_not_grow_with_the_batch(
        self, officer, ward, django_assert_max_num_queries
    ):
        small = [MemberFactory(ward=ward) for _ in range(2)]
        large = [MemberFactory(ward=ward) for _ in range(30)]
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            activation_codes_issue(members=small, by=officer)
        with CaptureQueriesContext(connection) as many:
            activation_codes_issue(members=large, by=officer)
        assert len(many) <= len(few) + 2
        with django_assert_max_num_queries(20):
            activation_codes_issue(members=large, by=officer)


@pytest.mark.django_db
class ActivateTests:
    def test_valid_code_sets_password_signs_in_and_is_single_use(self, client, officer, members):
        code = _issue(members, officer)[members[1].pk].code
        response = client.post(
            ACTIVATE,
            {
                "phone": "0912 000 006",
                "code": f"{code[:4].lower()}-{code[4:]}",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:profile")
        user = User.objects.get(phone="0912000006")
        assert user.check_password(NEW_PASSWORD)
        assert int(client.session["_auth_user_id"]) == user.pk
        assert ActivationCode.objects.get(user=user).used_at is not None
        client.logout()
        # Reused code.
        response = client.post(
            ACTIVATE,
            {
                "phone": "0912000006",
                "code": code,
                "password1": "Khac-2026!x",
                "password2": "Khac-2026!x",
            },
        )
        assert response.status_code == 200
        assert "mã kích hoạt không đúng" in response.content.decode()
        user.refresh_from_db()
        assert user.check_password(NEW_PASSWORD)
        # And the member can now sign in with the phone and password.
        response = client.post(
            "/accounts/dang-nhap/", {"username": "0912000006", "password": NEW_PASSWORD}
        )
        assert response.status_code == 302

    def test_wrong_code_is_refused_with_the_same_message_as_unknown_phone(
        self, client, officer, members
    ):
        _issue(members, officer)
        data = {"code": "ABCD-EFGH", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        wrong = client.post(ACTIVATE, {**data, "phone": "0912000005"}).content.decode()
        unknown = client.post(ACTIVATE, {**data, "phone": "0987654321"}).content.decode()
        message = "Số điện thoại hoặc mã kích hoạt không đúng"
        assert message in wrong and message in unknown
        assert not User.objects.get(phone="0912000005").has_usable_password()

    def test_expired_code_is_refused(self, client, officer, members):
        code = _issue(members, officer)[members[0].pk].code
        ActivationCode.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
        response = client.post(
            ACTIVATE,
            {
                "phone": "0912000005",
                "code": code,
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
        assert "Mã kích hoạt đã hết hạn" in response.content.decode()
        assert not User.objects.get(phone="0912000005").has_usable_password()

    @pytest.mark.parametrize(
        ("password1", "password2", "message"),
        [
            ("12345678901", "12345678901", "Mật khẩu này hoàn toàn là số."),
            ("ngan", "ngan", "Mật khẩu quá ngắn"),
            ("password123", "password123", "Mật khẩu này quá phổ biến."),
            (NEW_PASSWORD, NEW_PASSWORD + "x", "Hai lần nhập mật khẩu không giống nhau."),
        ],
    )
    def test_weak_password_saves_nothing_and_keeps_the_code(
        self, client, officer, members, password1, password2, message
    ):
        code = _issue(members, officer)[members[0].pk].code
        response = client.post(
            ACTIVATE,
            {"phone": "0912000005", "code": code, "password1": password1, "password2": password2},
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        user = User.objects.get(phone="0912000005")
        assert not user.has_usable_password()
        assert ActivationCode.objects.get(user=user).used_at is None
        # The same code still works with a good password.
        account_activate(phone="0912000005", code=code, password=NEW_PASSWORD)

    def test_guessing_codes_meets_the_lockout(self, client, officer, members):
        code = _issue(members, officer)[members[0].pk].code
        data = {"phone": "0912000005", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        for guess in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC", "DDDD-DDDD"]:
            assert client.post(ACTIVATE, {**data, "code": guess}).status_code == 200
        response = client.post(ACTIVATE, {**data, "code": "EEEE-EEEE"})
        assert response.status_code == 429
        assert "Bạn đã nhập sai mật khẩu quá nhiều lần" in response.content.decode()
        # Even the right code is refused while locked.
        assert client.post(ACTIVATE, {**data, "code": code}).status_code == 429
        assert not User.objects.get(phone="0912000005").has_usable_password()


@pytest.mark.django_db
class OfficerResetTests:
    def test_officer_issues_a_new_code_for_a_member_who_forgot_the_password(
        self, client, officer, ward
    ):
        member = member_with_account(ward=ward, phone="0912000021")
        code = _issue([member], officer)[member.pk].code
        # The old password keeps working until the code is used.
        assert member.user.check_password(PASSWORD)
        account_activate(phone="0912000021", code=code, password=NEW_PASSWORD)
        member.user.refresh_from_db()
        assert member.user.check_password(NEW_PASSWORD)
        assert not member.user.check_password(PASSWORD)


@pytest.mark.django_db
class SlipPageTests:
    def test_lists_only_members_of_the_officers_ward(self, client, officer, members):
        MemberFactory(full_name="Người Xã Khác", phone="0912000098")
        client.force_login(officer)
        html = client.get(SLIPS).content.decode()
        assert "Trần Thị Mai" in html and "Lê Văn Tâm" in html
        assert "Người Xã Khác" not in html

    def test_printing_shows_each_code_once_and_stores_only_hashes(self, client, officer, members):
        client.force_login(officer)
        response = client.post(SLIPS, {"member": [m.pk for m in members], "format": "html"})
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        codes = re.findall(r'class="slip__code">([A-Z0-9]{4})-([A-Z0-9]{4})<', html)
        assert len(codes) == 2
        stored = {r.code_hash: r.user_id for r in ActivationCode.objects.all()}
        assert len(stored) == 2
        for first, second in codes:
            assert any(
                code_hash(user_id=user_id, code=first + second) == hashed
                for hashed, user_id in stored.items()
            )
        assert "Trần Thị Mai" in html and "0912000005" in html
        assert reverse("accounts:activate") in html

    def test_pdf_slips(self, client, officer, members):
        pytest.importorskip("lms.core.pdf")
        client.force_login(officer)
        response = client.post(SLIPS, {"member": [members[0].pk], "format": "pdf"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")

    def test_posting_another_wards_member_is_refused(self, client, officer, members):
        stranger = MemberFactory(phone="0912000097")
        client.force_login(officer)
        response = client.post(SLIPS, {"member": [stranger.pk]})
        # Wagtail answers PermissionDenied with a redirect to the dashboard and a message.
        assert response.status_code in (302, 403)
        assert "slip__code" not in response.content.decode()
        assert not ActivationCode.objects.exists()

    def test_other_roles_cannot_open_it(self, client, db):
        groups_sync()
        client.force_login(TrainerFactory())
        assert client.get(SLIPS).status_code in (302, 403)

    def test_admin_can_open_it(self, client, members):
        client.force_login(AdminFactory())
        assert client.get(SLIPS).status_code == 200


@pytest.mark.django_db
def test_slip_page_search_and_pending_filter(client, officer, members, ward):
    member_with_account(ward=ward, full_name="Phạm Văn Đã Có", phone="0912000031")
    client.force_login(officer)
    html = client.get(SLIPS, {"q": "0912 000 006"}).content.decode()
    assert "Lê Văn Tâm" in html and "Trần Thị Mai" not in html
    html = client.get(SLIPS, {"q": "trần"}).content.decode()
    assert "Trần Thị Mai" in html and "Lê Văn Tâm" not in html
    html = client.get(SLIPS, {"pending": "on"}).content.decode()
    assert "Trần Thị Mai" in html and "Phạm Văn Đã Có" not in html
