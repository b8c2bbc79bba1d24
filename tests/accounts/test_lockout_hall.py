"""A training hall behind one address: one person's wrong passwords lock their account, never
the hall; the address alone is blocked only at 100 failures; trainers and officers unlock."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail import hooks
from wagtail.models import ModelLogEntry

from courses.attendance import tokens
from courses.attendance.choices import AttendanceStatus, CheckInMethod
from courses.attendance.models import Attendance
from lms.accounts.groups import group_for_role
from lms.accounts.lockout import (
    UNLOCK_PERMISSION_HOOK,
    account_unlock,
    is_account_locked,
)
from tests.factories.accounts import (
    PASSWORD,
    TrainerFactory,
    UserFactory,
    WardOfficerFactory,
)
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory, WardFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/dang-nhap/"
HALL = "10.20.30.40"


def _with_group(user):
    group = group_for_role(user.role)
    if group:
        user.groups.add(group)
    return user


def _member(ward, **user_fields):
    user = UserFactory(**user_fields)
    return MemberFactory(user=user, ward=ward, phone=user.phone)


@pytest.fixture
def session(db):
    return TrainingSessionFactory()


@pytest.fixture
def member_a(session):
    return _member(session.organiser_ward, email="a@example.vn")


@pytest.fixture
def member_b(session):
    return _member(session.organiser_ward)


def _fail(client, login, ip=HALL):
    return client.post(LOGIN, {"username": login, "password": "sai-mat-khau"}, REMOTE_ADDR=ip)


def _sign_in(client, login, ip=HALL):
    return client.post(LOGIN, {"username": login, "password": PASSWORD}, REMOTE_ADDR=ip)


def _qr_check_in(client, session, member, ip=HALL):
    """Scan the QR (GET) and sign in and check in in one step (POST), from ``ip``."""
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    page = client.get(url, REMOTE_ADDR=ip)
    assert page.status_code == 200
    return client.post(
        url,
        {"pass": page.context["pass"], "username": member.phone, "password": PASSWORD},
        REMOTE_ADDR=ip,
    )


class HallTests:
    def test_five_wrong_passwords_lock_a_not_the_hall(self, client, session, member_a, member_b):
        for _ in range(5):
            _fail(client, member_a.phone)
        # A is locked, even with the right password, from the hall and from elsewhere.
        assert _sign_in(client, member_a.phone).status_code == 429
        assert _sign_in(client, member_a.phone, ip="10.99.0.1").status_code == 429
        assert is_account_locked(member_a.user)
        assert not is_account_locked(member_b.user)

        # B, at the same address, signs in and checks in with the QR code.
        response = _qr_check_in(client, session, member_b)
        assert response.status_code == 302
        assert response["Location"].startswith(
            reverse("attendance:checkin_done", args=[session.pk])
        )
        attendance = Attendance.objects.get(session=session, member=member_b)
        assert attendance.status == AttendanceStatus.PRESENT
        assert attendance.method == CheckInMethod.QR
        assert not Attendance.objects.filter(member=member_a).exists()

    def test_hall_member_checks_in_with_the_six_digit_code(
        self, client, session, member_a, member_b
    ):
        for _ in range(5):
            _fail(client, member_a.phone)
        response = client.post(
            reverse("attendance:checkin_code"),
            {"code": tokens.code_make(session), "username": member_b.phone, "password": PASSWORD},
            REMOTE_ADDR=HALL,
        )
        assert response.status_code == 302
        assert Attendance.objects.get(member=member_b).method == CheckInMethod.CODE

    def test_every_spelling_of_the_account_counts_once(self, client, member_a):
        # Phone, e-mail and username are one account: 2 + 2 + 1 failures lock it.
        for login in (member_a.phone, member_a.phone, "a@example.vn", "A@EXAMPLE.VN"):
            assert _fail(client, login, ip="10.1.0.1").status_code == 200
        assert _fail(client, member_a.user.username, ip="10.1.0.2").status_code == 429
        assert is_account_locked(member_a.user)


class AddressBlockTests:
    def _spray(self, client, n, ip=HALL):
        for i in range(n):
            _fail(client, f"khong-co-{i}@example.vn", ip=ip)

    def test_ninety_nine_failures_do_not_block_the_address(self, client, member_b):
        self._spray(client, 99)
        assert _sign_in(client, member_b.phone).status_code == 302

    def test_one_hundred_failures_block_the_address_for_sign_in(self, client, member_b):
        self._spray(client, 100)
        response = _sign_in(client, member_b.phone)
        assert response.status_code == 429
        html = response.content.decode()
        assert "từ mạng này" in html
        assert "_auth_user_id" not in client.session
        # The block is the address's, not B's account: B signs in from elsewhere.
        assert not is_account_locked(member_b.user)
        assert _sign_in(client, member_b.phone, ip="10.99.0.2").status_code == 302

    def test_block_spares_signed_in_members_and_the_trainer(
        self, client, session, member_b, django_user_model
    ):
        self._spray(client, 100)
        # The trainer, whose password is right, still signs in at the hall.
        trainer = _with_group(TrainerFactory(province=session.organiser_province))
        session.trainers.add(trainer)
        assert _sign_in(client, trainer.username).status_code == 302
        client.logout()
        # A member signed in before the block checks in with one tap.
        client.force_login(member_b.user)
        url = reverse("attendance:checkin", args=[tokens.token_make(session)])
        page = client.get(url, REMOTE_ADDR=HALL)
        response = client.post(url, {"pass": page.context["pass"]}, REMOTE_ADDR=HALL)
        assert response.status_code == 302
        assert Attendance.objects.filter(member=member_b, session=session).exists()

    def test_trainer_with_a_wrong_password_is_still_blocked(self, client, session):
        self._spray(client, 100)
        trainer = TrainerFactory()
        response = client.post(
            LOGIN, {"username": trainer.username, "password": "sai"}, REMOTE_ADDR=HALL
        )
        assert response.status_code == 429


class LockoutPageTests:
    def _section(self, response):
        html = response.content.decode()
        return html[html.index("<section") : html.index("</section>")]

    def test_says_what_is_locked_and_who_unlocks_in_vietnamese(self, client, member_a):
        for _ in range(5):
            response = _fail(client, member_a.phone)
        assert response.status_code == 429
        section = self._section(response)
        assert "tài khoản này tạm bị khóa đăng nhập trong 15 phút" in section
        assert "giảng viên của buổi tập huấn bạn được mời" in section
        assert "cán bộ xã, phường" in section
        assert member_a.phone not in section

    def test_reads_the_same_whether_or_not_the_account_exists(self, client, member_a):
        for _ in range(5):
            real = _fail(client, member_a.phone, ip="10.5.0.1")
            unknown = _fail(client, "0912999888", ip="10.5.0.2")
        assert real.status_code == unknown.status_code == 429
        assert self._section(real) == self._section(unknown)


class UnlockTests:
    def _lock(self, client, member):
        for _ in range(5):
            _fail(client, member.phone)
        assert is_account_locked(member.user)

    def test_ward_officer_unlocks_and_it_is_audited(self, client, session, member_a):
        self._lock(client, member_a)
        officer = WardOfficerFactory(ward=session.organiser_ward)
        account_unlock(actor=officer, user=member_a.user)
        assert not is_account_locked(member_a.user)
        assert _sign_in(client, member_a.phone).status_code == 302
        entry = ModelLogEntry.objects.get(action="accounts.unlock")
        assert entry.user_id == officer.pk
        assert entry.object_id == str(member_a.user.pk)

    def test_officer_of_another_ward_and_members_are_refused(self, client, member_a, member_b):
        self._lock(client, member_a)
        stranger = WardOfficerFactory(ward=WardFactory())
        for actor in (stranger, member_b.user, member_a.user):
            with pytest.raises(PermissionDenied):
                account_unlock(actor=actor, user=member_a.user)
        assert is_account_locked(member_a.user)
        assert not ModelLogEntry.objects.filter(action="accounts.unlock").exists()

    def test_trainer_needs_the_attendance_app_to_vouch(self, client, session, member_a):
        self._lock(client, member_a)
        trainer = TrainerFactory(province=session.organiser_province)
        session.trainers.add(trainer)
        # A trainer is not an officer: without the attendance app's answer (A is on no roster
        # of this trainer's sessions) the trainer is refused ...
        with pytest.raises(PermissionDenied):
            account_unlock(actor=trainer, user=member_a.user)
        assert is_account_locked(member_a.user)

        # ... and allowed once an app above says the trainer teaches A.
        def trainer_of_invited_session(actor, user):
            return session.trainers.filter(pk=actor.pk).exists() and user == member_a.user

        with hooks.register_temporarily(UNLOCK_PERMISSION_HOOK, trainer_of_invited_session):
            account_unlock(actor=trainer, user=member_a.user)
        assert not is_account_locked(member_a.user)
        assert ModelLogEntry.objects.filter(action="accounts.unlock", user_id=trainer.pk).exists()

    def test_unlock_from_the_member_admin_page(self, client, session, member_a):
        self._lock(client, member_a)
        officer = _with_group(WardOfficerFactory(ward=session.organiser_ward))
        client.force_login(officer)
        page_url = reverse("teams_member:inspect", args=[member_a.pk])
        page = client.get(page_url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-lockout="locked"' in html
        assert "Mở khóa đăng nhập" in html
        unlock_url = reverse("accounts_lockout:unlock", args=[member_a.user.pk])
        assert unlock_url in html
        response = client.post(unlock_url, {"next": page_url})
        assert response.status_code == 302
        assert response["Location"] == page_url
        assert not is_account_locked(member_a.user)
        assert 'data-lockout="open"' in client.get(page_url).content.decode()
        assert ModelLogEntry.objects.filter(action="accounts.unlock", user_id=officer.pk).exists()

    def test_admin_unlock_out_of_scope_is_not_found(self, client, member_a):
        self._lock(client, member_a)
        stranger = _with_group(WardOfficerFactory(ward=WardFactory()))
        client.force_login(stranger)
        unlock_url = reverse("accounts_lockout:unlock", args=[member_a.user.pk])
        assert client.post(unlock_url).status_code == 404
        assert client.get(unlock_url).status_code == 405
        assert is_account_locked(member_a.user)
