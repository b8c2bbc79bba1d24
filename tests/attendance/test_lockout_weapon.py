"""Lockout is not a weapon (issue 15, item 10; issue 16, item 1), and the 6-digit code's miss
counter is the shared, atomic one (issue 16, item 2)."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.attendance import tokens
from courses.attendance.choices import AttendanceStatus as S
from courses.attendance.views.checkin import CODE_ATTEMPTS
from lms.accounts.lockout import UNLOCK_ACTION, is_account_locked
from lms.core import ratelimit
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.attendance import TrainingSessionFactory
from tests.factories.teams import MemberFactory

pytestmark = pytest.mark.django_db

HALL = "10.20.30.40"


@pytest.fixture
def locked(session, roster):
    """A roster member with an account, locked by someone typing wrong passwords in the hall."""
    from django.test import Client

    member = roster[0]
    user = UserFactory(username=member.phone, phone=member.phone)
    member.user = user
    member.save(update_fields=["user"])
    prankster = Client()
    for _ in range(5):
        prankster.post(
            "/accounts/dang-nhap/",
            {"username": member.phone, "password": "sai-mat-khau"},
            REMOTE_ADDR=HALL,
        )
    assert is_account_locked(user)
    return member


def test_roll_call_flags_the_lock_and_marks_present_in_one_tap(client, session, trainer, locked):
    client.force_login(trainer)
    page = client.get(reverse("attendance:roll_call", args=[session.pk])).content.decode()
    assert "tài khoản đang bị khóa đăng nhập" in page
    assert 'form="mark-present"' in page
    row = session.attendances.get(member=locked)
    response = client.post(
        reverse("attendance:mark_present", args=[session.pk]), {"attendance": row.pk}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == S.PRESENT
    assert row.marked_by == trainer
    assert is_account_locked(locked.user)  # still locked: marking needs no sign-in


def test_one_tap_only_for_rows_of_this_session(client, session, trainer, roster):
    from tests.factories.attendance import AttendanceFactory

    other = AttendanceFactory()
    client.force_login(trainer)
    response = client.post(
        reverse("attendance:mark_present", args=[session.pk]), {"attendance": other.pk}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == ""


@pytest.mark.parametrize("who", ["trainer", "ward"])
def test_session_page_unlocks_and_it_is_audited(
    client, session, trainer, ward_officer, locked, who
):
    actor = {"trainer": trainer, "ward": ward_officer}[who]
    client.force_login(actor)
    page = client.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert "Mở khóa đăng nhập" in page and locked.full_name in page
    row = session.attendances.get(member=locked)
    response = client.post(
        reverse("attendance:member_unlock", args=[session.pk, row.pk]), follow=True
    )
    assert response.status_code == 200
    assert "Đã mở khóa đăng nhập" in response.content.decode()
    assert not is_account_locked(locked.user)
    entry = ModelLogEntry.objects.get(action=UNLOCK_ACTION)
    assert entry.user_id == actor.pk
    client.logout()
    signed_in = client.post(
        "/accounts/dang-nhap/", {"username": locked.phone, "password": PASSWORD}, REMOTE_ADDR=HALL
    )
    assert signed_in.status_code == 302


def test_trainer_of_another_session_cannot_unlock(client, session, locked, make_staff):
    stranger = make_staff("trainer", province=session.organiser_province)
    elsewhere = TrainingSessionFactory(organiser_ward=session.organiser_ward)
    elsewhere.trainers.add(stranger)
    client.force_login(stranger)
    page = client.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert "Mở khóa đăng nhập" not in page
    row = session.attendances.get(member=locked)
    response = client.post(
        reverse("attendance:member_unlock", args=[session.pk, row.pk]), follow=True
    )
    assert "không có quyền mở khóa" in response.content.decode()
    assert is_account_locked(locked.user)
    assert not ModelLogEntry.objects.filter(action=UNLOCK_ACTION).exists()


def test_no_unlock_list_when_nobody_is_locked(client, session, trainer, roster):
    client.force_login(trainer)
    page = client.get(reverse("attendance:session_detail", args=[session.pk])).content.decode()
    assert "Mở khóa đăng nhập" not in page


def _member_with_account(session):
    user = UserFactory()
    return MemberFactory(user=user, ward=session.organiser_ward, phone=user.phone)


def test_code_misses_use_the_shared_counter_per_address_and_account(client, session):
    guesser, neighbour = _member_with_account(session), _member_with_account(session)
    client.force_login(guesser.user)
    good = tokens.code_make(session)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    url = reverse("attendance:checkin_code")
    for _ in range(CODE_ATTEMPTS.count):
        client.post(url, {"code": wrong}, REMOTE_ADDR=HALL)
    # Counted in lms.core.ratelimit's shared cache (one counter for every worker)...
    assert ratelimit.count(CODE_ATTEMPTS, f"{HALL}|user|{guesser.user.pk}") == CODE_ATTEMPTS.count
    assert client.post(url, {"code": good}, REMOTE_ADDR=HALL).status_code == 403
    # ...and one guesser does not block the hall.
    client.logout()
    response = client.post(
        url,
        {"code": good, "username": neighbour.phone, "password": PASSWORD},
        REMOTE_ADDR=HALL,
    )
    assert response.status_code == 302
