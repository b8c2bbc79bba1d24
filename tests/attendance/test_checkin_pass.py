"""The check-in pass is bound to one scan (issue 15, item 5): issued only for a valid QR token,
expiring ``tokens.PASS_MAX_AGE`` after that scan, never renewed by a re-render.

The clock is frozen by patching ``django.utils.timezone.now``, the one clock the tokens, the
pass and the open window read; no sleeps."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import tokens
from courses.attendance.models import Attendance
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    start = timezone.now()
    state = {"now": start}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def at(minutes):
        state["now"] = start + datetime.timedelta(minutes=minutes)
        return state["now"]

    at.start = start
    return at


def test_the_audit_chain_is_refused(client, session, member_user, clock):
    """Scan at t0; an anonymous empty POST at t0+5 min re-renders the page; the QR expires; a
    sign-in and check-in at t0+12.5 min with the page's pass is refused in Vietnamese."""
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    scanned = client.get(url)
    assert scanned.status_code == 200
    scan_pass = scanned.context["pass"]

    clock(5)
    rerendered = client.post(url, {"pass": scan_pass})
    assert rerendered.status_code == 200
    assert rerendered.context["pass"] == scan_pass  # not renewed
    assert f'value="{scan_pass}"' in rerendered.content.decode()

    clock(12.5)
    assert "Mã QR này đã hết hạn" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "pass": rerendered.context["pass"],
            "username": member_user.phone,
            "password": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "Lượt quét mã QR này đã hết hạn" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_slow_typist_within_the_bound_checks_in(client, session, member_user, clock):
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    scan_pass = client.get(url).context["pass"]
    clock(tokens.PASS_MAX_AGE / 60 - 0.5)
    response = client.post(
        url, {"pass": scan_pass, "username": member_user.phone, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, member=member_user).exists()


def test_no_pass_without_a_valid_token(client, session, clock):
    """Neither an expired token nor a forged one yields a pass."""
    old = tokens.token_make(session, clock.start - datetime.timedelta(minutes=5))
    for token in (old, f"{session.pk}-1-abc"):
        response = client.get(reverse("attendance:checkin", args=[token]))
        assert response.status_code == 400
        assert "pass" not in (response.context or {})


def test_repeated_renders_never_extend_the_pass(client, session, member_user, clock):
    url = reverse("attendance:checkin", args=[tokens.token_make(session)])
    scan_pass = client.get(url).context["pass"]
    for minute in (2, 4, 6, 8):
        clock(minute)
        assert client.post(url, {"pass": scan_pass}).context["pass"] == scan_pass
    clock(10.5)
    client.force_login(member_user.user)
    response = client.post(url, {"pass": scan_pass})
    assert response.status_code == 400
    assert not Attendance.objects.exists()
