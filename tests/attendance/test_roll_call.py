import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.attendance import services
from courses.attendance.choices import AttendanceStatus, CheckInMethod
from courses.attendance.models import Attendance, AttendanceChange
from teams.models import Member
from tests.factories.teams import MemberFactory

pytestmark = pytest.mark.django_db
S = AttendanceStatus


class RosterTests:
    def test_roster_built_from_active_members_of_target_teams(self, session, team, roster):
        from tests.factories.teams import MembershipFactory

        MembershipFactory(team=team, left_on=datetime.date(2025, 10, 1))  # left the team
        outsider = MembershipFactory()  # another team, not targeted
        added = services.session_roster_build(session=session)
        assert added == 0  # idempotent: the three are already invited, nobody else qualifies
        invited = set(session.attendances.values_list("member_id", flat=True))
        assert invited == {m.pk for m in roster}
        assert outsider.member_id not in invited

    def test_target_ward_invites_its_teams(self, session, team):
        from tests.factories.teams import MembershipFactory

        member = MembershipFactory(team=team).member
        session.target_wards.add(team.ward)
        assert services.session_roster_build(session=session) == 1
        assert session.attendances.get().member == member

    def test_remove_only_unmarked(self, session, roster, trainer):
        row = session.attendances.first()
        services.attendance_remove(attendance=row, by=trainer)
        marked = session.attendances.first()
        services.attendance_roll_call(
            session=session, marks={marked.pk: (S.PRESENT, "")}, by=trainer
        )
        with pytest.raises(ValidationError):
            services.attendance_remove(attendance=Attendance.objects.get(pk=marked.pk), by=trainer)
        assert session.attendances.count() == 2


class RollCallTests:
    def test_mark_all_present_then_fix_exceptions(self, client, session, roster, trainer):
        client.force_login(trainer)
        url = reverse("attendance:roll_call", args=[session.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert roster[0].full_name in page.content.decode()
        response = client.post(url, {"mark_all": "1", "reason": ""})
        assert response.status_code == 302
        assert set(session.attendances.values_list("status", flat=True)) == {S.PRESENT}
        absent = session.attendances.get(member=roster[2])
        data = {f"status_{a.pk}": a.status for a in session.attendances.all()}
        data[f"status_{absent.pk}"] = S.EXCUSED
        data[f"note_{absent.pk}"] = "Ốm"
        response = client.post(url, data)
        assert response.status_code == 302
        absent.refresh_from_db()
        assert (absent.status, absent.note, absent.marked_by) == (S.EXCUSED, "Ốm", trainer)
        assert session.attendances.filter(status=S.PRESENT).count() == 2
        history = AttendanceChange.objects.filter(attendance=absent).order_by("changed_at")
        assert [(c.old_status, c.new_status) for c in history] == [
            (S.NOT_MARKED, S.PRESENT),
            (S.PRESENT, S.EXCUSED),
        ]

    def test_partial_form_keeps_other_rows(self, client, session, roster, trainer):
        client.force_login(trainer)
        first, second, third = session.attendances.order_by("member__full_name")
        services.attendance_roll_call(session=session, marks={third.pk: (S.LATE, "")}, by=trainer)
        response = client.post(
            reverse("attendance:roll_call", args=[session.pk]),
            {f"status_{first.pk}": S.PRESENT, f"note_{second.pk}": "Gọi điện báo đến muộn"},
        )
        assert response.status_code == 302
        got = {a.pk: (a.status, a.note) for a in session.attendances.all()}
        assert got == {
            first.pk: (S.PRESENT, ""),
            second.pk: (S.NOT_MARKED, "Gọi điện báo đến muộn"),
            third.pk: (S.LATE, ""),
        }

    def test_mark_all_keeps_already_marked(self, session, roster, trainer):
        late = session.attendances.get(member=roster[0])
        services.attendance_roll_call(session=session, marks={late.pk: (S.LATE, "")}, by=trainer)
        changed = services.attendance_mark_all_present(session=session, by=trainer)
        assert len(changed) == 2
        late.refresh_from_db()
        assert late.status == S.LATE

    def test_roll_call_query_count_is_constant(
        self, session, roster, trainer, django_assert_max_num_queries
    ):
        # 8 for the roll call, 7 to recompute the coverage rows of everyone marked at once, 5
        # for their staffing and per-course rows, 2 for the session's counts, 2 for its counts
        # per ward and team.
        with django_assert_max_num_queries(24):
            services.attendance_mark_all_present(session=session, by=trainer)

    def test_invalid_status_rejected(self, session, roster, trainer):
        row = session.attendances.first()
        with pytest.raises(ValidationError):
            services.attendance_roll_call(session=session, marks={row.pk: ("nghỉ", "")}, by=trainer)

    def test_other_sessions_rows_rejected(self, session, roster, trainer):
        from tests.factories.attendance import AttendanceFactory

        foreign = AttendanceFactory()
        with pytest.raises(ValidationError):
            services.attendance_roll_call(
                session=session, marks={foreign.pk: (S.PRESENT, "")}, by=trainer
            )
        assert foreign.status == S.NOT_MARKED


class AfterCloseTests:
    def test_close_marks_unmarked_absent(self, session, roster, trainer):
        first = session.attendances.get(member=roster[0])
        services.attendance_roll_call(
            session=session, marks={first.pk: (S.PRESENT, "")}, by=trainer
        )
        services.session_close(session=session, by=trainer)
        assert session.closed_at is not None
        assert session.attendances.filter(status=S.ABSENT).count() == 2

    def test_change_after_close_needs_reason_and_is_audited(self, client, session, roster, trainer):
        services.session_close(session=session, by=trainer)
        row = session.attendances.get(member=roster[0])
        with pytest.raises(ValidationError) as error:
            services.attendance_roll_call(
                session=session, marks={row.pk: (S.PRESENT, "")}, by=trainer
            )
        assert "lý do" in str(error.value)
        row.refresh_from_db()
        assert row.status == S.ABSENT
        client.force_login(trainer)
        url = reverse("attendance:roll_call", args=[session.pk])
        response = client.post(url, {f"status_{row.pk}": S.PRESENT, "reason": ""})
        assert response.status_code == 200
        assert "phải ghi lý do" in response.content.decode()
        response = client.post(
            url, {f"status_{row.pk}": S.PRESENT, "reason": "Có tên trên phiếu ký giấy"}
        )
        assert response.status_code == 302
        change = AttendanceChange.objects.get(attendance=row, after_close=True)
        assert (change.old_status, change.new_status) == (S.ABSENT, S.PRESENT)
        assert change.changed_by == trainer
        assert change.reason == "Có tên trên phiếu ký giấy"
        detail = client.get(reverse("attendance:session_detail", args=[session.pk]))
        assert "Có tên trên phiếu ký giấy" in detail.content.decode()

    def test_session_auto_closes_days_after_end(self, trainer):
        from tests.factories.attendance import AttendanceFactory

        row = AttendanceFactory(
            session__starts_at=timezone.now() - datetime.timedelta(days=5),
            session__ends_at=timezone.now() - datetime.timedelta(days=5, hours=-2),
        )
        assert row.session.is_closed()
        with pytest.raises(ValidationError):
            services.attendance_roll_call(
                session=row.session, marks={row.pk: (S.PRESENT, "")}, by=trainer
            )


class WalkInTests:
    def test_known_phone_added_present(self, session, trainer):
        known = MemberFactory(phone="0912345678", ward=session.organiser_ward)
        attendance = services.attendance_walk_in(session=session, phone="0912 345 678", by=trainer)
        assert attendance.member == known
        assert attendance.status == S.PRESENT
        assert attendance.method == CheckInMethod.WALK_IN
        assert attendance.invited is False

    def test_unknown_phone_creates_member_for_review(self, client, session, trainer):
        client.force_login(trainer)
        url = reverse("attendance:walk_in", args=[session.pk])
        client.post(url, {"phone": "0987654321", "full_name": ""})
        assert not Member.objects.filter(phone="0987654321").exists()
        client.post(url, {"phone": "0987654321", "full_name": "Lâm  Thị Bé"})
        member = Member.objects.get(phone="0987654321")
        assert member.needs_review is True
        assert member.ward == session.organiser_ward
        assert member.full_name == "Lâm Thị Bé"
        assert session.attendances.get(member=member).status == S.PRESENT

    def test_invalid_phone_rejected(self, session, trainer):
        with pytest.raises(ValidationError):
            services.attendance_walk_in(session=session, phone="12345", full_name="A", by=trainer)
        assert not Attendance.objects.exists()
