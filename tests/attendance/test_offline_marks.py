"""Roll call marks made offline and a check-in resent after a lost signal (issue 19, items 3
and 4): applied once per key, in order, judged at the time they were made; a later change made
on the server wins, and both are kept in the audit trail."""

import datetime
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.attendance import services, tokens
from courses.attendance.choices import AttendanceStatus, CheckInMethod
from courses.attendance.models import Attendance, AttendanceChange, OfflineMark

pytestmark = pytest.mark.django_db
S = AttendanceStatus


def _url(session):
    return reverse("offline:rollcall_sync", args=[session.pk])


def _mark(client, session, actor, attendance, status, minutes_ago=1, key=None, **extra):
    now = timezone.now()
    body = {
        "key": key or str(uuid.uuid4()),
        "user": actor.pk,
        "attendance": attendance.pk,
        "status": status,
        "made_at": (now - datetime.timedelta(minutes=minutes_ago)).isoformat(),
        "sent_at": now.isoformat(),
        **extra,
    }
    return client.post(_url(session), json.dumps(body), content_type="application/json")


class OfflineRollCallTests:
    def test_marks_arrive_once_in_order_with_audit(self, client, session, roster, trainer):
        client.force_login(trainer)
        rows = list(session.attendances.order_by("member__full_name"))
        key = str(uuid.uuid4())
        first = _mark(client, session, trainer, rows[0], S.PRESENT, minutes_ago=5, key=key)
        retry = _mark(client, session, trainer, rows[0], S.PRESENT, minutes_ago=5, key=key)
        assert first.status_code == retry.status_code == 200
        assert first.json()["outcome"] == "applied" and retry.json()["outcome"] == "applied"
        # A later mark of the same person (made after the first) applies on top of it.
        later = _mark(client, session, trainer, rows[0], S.LATE, minutes_ago=4)
        assert later.json()["outcome"] == "applied"
        assert OfflineMark.objects.count() == 2
        changes = AttendanceChange.objects.filter(attendance=rows[0]).order_by("changed_at")
        assert [(c.old_status, c.new_status, c.method) for c in changes] == [
            (S.NOT_MARKED, S.PRESENT, CheckInMethod.ROLL_CALL_OFFLINE),
            (S.PRESENT, S.LATE, CheckInMethod.ROLL_CALL_OFFLINE),
        ]
        assert all(c.reason.startswith("Ngoại tuyến, đồng bộ lúc") for c in changes)
        assert changes[0].get_method_display() == "Điểm danh tại lớp (ngoại tuyến)"
        row = Attendance.objects.get(pk=rows[0].pk)
        assert row.status == S.LATE and row.marked_by == trainer

    def test_a_later_staff_mark_wins_and_both_are_audited(self, client, session, roster, trainer):
        client.force_login(trainer)
        row = session.attendances.first()
        # The officer corrects the row on the server now; the phone's mark was made earlier.
        services.attendance_roll_call(session=session, marks={row.pk: (S.EXCUSED, "")}, by=trainer)
        response = _mark(client, session, trainer, row, S.ABSENT, minutes_ago=10)
        assert response.status_code == 200
        assert response.json()["outcome"] == "superseded"
        assert response.json()["status"] == S.EXCUSED
        row.refresh_from_db()
        assert row.status == S.EXCUSED
        methods = list(
            AttendanceChange.objects.filter(attendance=row)
            .order_by("changed_at")
            .values_list("method", "new_status")
        )
        assert methods == [
            (CheckInMethod.ROLL_CALL, S.EXCUSED),
            (CheckInMethod.ROLL_CALL_OFFLINE, S.EXCUSED),
        ]
        assert "Không áp dụng" in AttendanceChange.objects.filter(attendance=row).first().reason

    def test_refusals_and_permissions(self, client, session, roster, trainer, member_user):
        row = session.attendances.first()
        assert _mark(client, session, trainer, row, S.PRESENT).status_code == 403  # signed out
        client.force_login(member_user.user)
        assert _mark(client, session, member_user.user, row, S.PRESENT).status_code == 403
        client.force_login(trainer)
        assert _mark(client, session, trainer, row, "maybe").status_code == 400
        ghost = Attendance(pk=999999)
        assert _mark(client, session, trainer, ghost, S.PRESENT).status_code == 400
        assert _mark(client, session, trainer, row, S.PRESENT, **{"user": 0}).status_code == 409
        assert not OfflineMark.objects.exists()

    def test_closed_session_needs_a_reason(self, client, session, roster, trainer):
        client.force_login(trainer)
        services.session_close(session=session, by=trainer)
        row = session.attendances.first()
        refused = _mark(client, session, trainer, row, S.PRESENT, minutes_ago=0)
        assert refused.json()["outcome"] == "refused" and refused.json()["ok"] is False
        # Made before the session was closed: judged then, no reason needed.
        earlier = _mark(client, session, trainer, row, S.PRESENT, minutes_ago=5)
        assert earlier.json()["outcome"] in {"applied", "superseded"}

    def test_roll_call_page_offers_the_offline_roll_call(self, client, session, roster, trainer):
        client.force_login(trainer)
        html = client.get(reverse("attendance:roll_call", args=[session.pk])).content.decode()
        assert f'data-offline-sync="{_url(session)}"' in html
        assert "offline-rollcall.js" in html
        assert "thay đổi chưa gửi" in html


class CheckInAfterLostSignalTests:
    def test_judged_at_the_scan_within_ten_minutes(self, client, session, member_user, monkeypatch):
        start = timezone.now()
        clock = {"now": start}
        monkeypatch.setattr(timezone, "now", lambda: clock["now"])
        url = reverse("attendance:checkin", args=[tokens.token_make(session)])
        scan_pass = client.get(url).context["pass"]
        client.force_login(member_user.user)
        # The signal came back 8 minutes later, after the "late" mark (15 minutes after the
        # start, the session began 10 minutes before the scan): still on time, as scanned.
        clock["now"] = start + datetime.timedelta(minutes=8)
        response = client.post(url, {"pass": scan_pass})
        assert response.status_code == 302
        row = Attendance.objects.get(session=session, member=member_user)
        assert row.status == S.PRESENT
        assert abs(row.checked_in_at - start) < datetime.timedelta(seconds=2)

    def test_an_old_pass_is_still_refused(self, client, session, member_user, monkeypatch):
        start = timezone.now()
        clock = {"now": start}
        monkeypatch.setattr(timezone, "now", lambda: clock["now"])
        url = reverse("attendance:checkin", args=[tokens.token_make(session)])
        scan_pass = client.get(url).context["pass"]
        client.force_login(member_user.user)
        clock["now"] = start + datetime.timedelta(minutes=11)
        response = client.post(url, {"pass": scan_pass})
        assert response.status_code == 400
        assert not Attendance.objects.filter(session=session, member=member_user).exists()
        assert tokens.pass_scanned_at("forged:123") is None

    def test_checkin_page_keeps_the_pass_offline(self, client, session):
        url = reverse("attendance:checkin", args=[tokens.token_make(session)])
        html = client.get(url).content.decode()
        assert "data-checkin-offline" in html and "offline-checkin.js" in html
