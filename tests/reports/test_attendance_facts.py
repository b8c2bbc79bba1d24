"""The attendance-rate report reads ``AttendanceFact`` (a session's roster counted per ward and
per team) and gives the figures counted on the source tables at every level, by team and by
ward, with course, topic and team-level filters; every service that changes a roster, a mark,
a person's ward or team, or deletes a person leaves the rows equal to a rebuild.
"""

import datetime

import pytest
from django.utils import timezone

from courses.attendance.services import (
    attendance_check_in,
    attendance_remove,
    attendance_roll_call,
    attendance_walk_in,
    session_create,
    session_delete,
    session_update,
)
from lms.reports.attendance_facts import attendance_facts_rebuild
from lms.reports.models import AttendanceFact
from lms.reports.periods import Period, period_parse
from lms.reports.selectors import attendance, attendance_params, attendance_report, report_params
from teams.choices import TeamLevel
from teams.services import (
    member_delete,
    member_update,
    membership_join,
    membership_leave,
    team_dissolve,
    team_update,
)
from tests.factories.teams import (
    HamletFactory,
    MemberFactory,
    TeamFactory,
    WardFactory,
)

from .test_activity_facts import figures, units
from .test_activity_figures import EVERYTHING, D

FIELDS = [f.attname for f in AttendanceFact._meta.concrete_fields if f.name != "id"]


def rows():
    return sorted(AttendanceFact.objects.values_list(*FIELDS), key=repr)


def assert_rows_equal_a_rebuild():
    before = rows()
    attendance_facts_rebuild()
    assert rows() == before


def report(*, by="team", **kwargs):
    params = attendance_params(report_params(scope=EVERYTHING, **kwargs), by=by)
    return attendance_report(params=params)


def exact(monkeypatch, **kwargs):
    with monkeypatch.context() as patch:
        patch.setattr(attendance, "attendance_facts_apply", lambda params: False)
        return report(**kwargs)


PERIODS = [
    period_parse("2026"),
    period_parse("2026-q3"),
    period_parse("2026-m8"),
    Period(start=D(2026, 8, 10), end=D(2026, 8, 10)),
    Period(start=D(2026, 6, 2), end=D(2026, 9, 9)),
    period_parse("2025"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.start}_{p.end}")
def test_facts_and_sources_agree(dataset, monkeypatch, period):
    filters = (
        {},
        {"course_id": dataset.c1.pk},
        {"topic_id": dataset.topic_b.pk},
        {"team_level": TeamLevel.WARD},
    )
    for unit in units(dataset):
        for chosen in filters:
            for by in ("team", "ward"):
                kwargs = {"period": period, "by": by, **unit, **chosen}
                assert figures(report(**kwargs)) == figures(exact(monkeypatch, **kwargs)), kwargs


@pytest.mark.django_db
def test_known_figures(dataset):
    """2026: s1 (10 Aug, c1) invites m1 (present), m2 (absent) of team t1 and m5 (late) of the
    ward-level team, all in ward 31333; s2 (1 Jun) and s3 (10 Sep), both c2, invite m6 of t5
    in ward 31321 (present, then excused)."""
    national = report(period=period_parse("2026"))
    p = {row["unit_id"]: row for row in national.rows}[dataset.p.pk]
    assert (p["sessions"], p["invited"], p["attended"], p["attendance_pct"]) == (3, 5, 3, 60.0)
    by_ward = report(period=period_parse("2026"), province_id=dataset.p.pk, by="ward")
    got = {
        row["unit_id"]: (row["sessions"], row["invited"], row["attended"]) for row in by_ward.rows
    }
    assert got == {dataset.w1.pk: (1, 3, 2), dataset.w2.pk: (2, 2, 1)}
    by_team = report(period=period_parse("2026"), province_id=dataset.p.pk)
    got = {
        row["unit_id"]: (row["sessions"], row["invited"], row["attended"]) for row in by_team.rows
    }
    assert got == {dataset.t1.pk: (1, 2, 1), dataset.tw.pk: (1, 1, 1), dataset.t5.pk: (2, 2, 1)}
    topic = report(
        period=period_parse("2026"), province_id=dataset.p.pk, topic_id=dataset.topic_b.pk
    )
    assert [row["unit_id"] for row in topic.rows] == [dataset.t5.pk]
    assert [s["session_id"] for s in national.extra["sessions"]] == [
        dataset.s3.pk,
        dataset.s1.pk,
        dataset.s2.pk,
    ]


@pytest.mark.django_db
def test_two_statements_at_every_level(dataset, django_assert_num_queries):
    """One for the rows, one for the most recent sessions and their counts."""
    for unit in units(dataset):
        for by in ("team", "ward"):
            with django_assert_num_queries(2):
                result = report(period=period_parse("2026"), by=by, **unit)
            assert result.totals["invited"] >= 3


@pytest.mark.django_db
def test_the_session_table_shows_the_most_recent(dataset, monkeypatch):
    monkeypatch.setattr(attendance, "SESSIONS_SHOWN", 2)
    shown = report(period=period_parse("2026"), province_id=dataset.p.pk).extra["sessions"]
    assert [(s["session_id"], s["invited"], s["attended"]) for s in shown] == [
        (dataset.s3.pk, 1, 0),
        (dataset.s1.pk, 3, 2),
    ]


def _session(team, *, days_ago=0):
    now = timezone.now() - datetime.timedelta(days=days_ago)
    return session_create(
        title="Buổi thử",
        venue="Nhà văn hóa",
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=2),
        organiser_province=team.ward.province,
        organiser_ward=team.ward,
        target_teams=[team],
    )


def _fact(session, team=None, ward=None):
    if team is not None:
        return AttendanceFact.objects.get(session=session, team=team)
    return AttendanceFact.objects.get(session=session, team__isnull=True, ward=ward)


@pytest.mark.django_db
class ServiceTests:
    def test_roster_marks_removal_walk_in_and_move_in_time(self, place, django_user_model):
        team, members = place
        staff = django_user_model.objects.create_user(username="giangvien", password="x")
        session = _session(team)
        assert (_fact(session, team).invited, _fact(session, team).attended) == (3, 0)
        attendance_check_in(session=session, member=members[0])
        assert _fact(session, ward=team.ward).attended == 1
        assert_rows_equal_a_rebuild()
        row = session.attendances.get(member=members[1])
        attendance_roll_call(session=session, marks={row.pk: ("present", "")}, by=staff)
        assert _fact(session, team).attended == 2
        attendance_remove(attendance=session.attendances.get(member=members[2]), by=staff)
        assert _fact(session, team).invited == 2
        walk_in = MemberFactory(ward=team.ward, phone="0912345678")
        attendance_walk_in(session=session, phone=walk_in.phone, by=staff)
        # The walk-in is in no team: their ward's row counts them, the team's does not.
        assert (_fact(session, ward=team.ward).invited, _fact(session, team).invited) == (3, 2)
        assert_rows_equal_a_rebuild()
        before = timezone.now() - datetime.timedelta(days=40)
        session_update(
            session=session, starts_at=before, ends_at=before + datetime.timedelta(hours=2)
        )
        assert _fact(session, team).starts_at == session.starts_at
        assert_rows_equal_a_rebuild()
        session_delete(session=session)
        assert not AttendanceFact.objects.exists()

    def test_people_moving_ward_and_team(self, place):
        team, members = place
        session = _session(team, days_ago=3)
        other_team = TeamFactory()
        member_update(member=members[0], ward=other_team.ward)
        assert _fact(session, ward=other_team.ward).invited == 1
        assert _fact(session, ward=team.ward).invited == 2
        assert_rows_equal_a_rebuild()
        membership = membership_join(member=members[0], team=other_team)
        assert _fact(session, other_team).invited == 1
        assert_rows_equal_a_rebuild()
        membership_leave(membership=membership)
        assert not AttendanceFact.objects.filter(session=session, team=other_team).exists()
        assert_rows_equal_a_rebuild()
        new_ward = WardFactory(province=team.ward.province)
        team_update(team=team, hamlet=HamletFactory(ward=new_ward), ward=new_ward)
        assert _fact(session, team).ward_id == new_ward.pk
        assert_rows_equal_a_rebuild()
        team_dissolve(team=team)
        assert not AttendanceFact.objects.filter(session=session, team=team).exists()
        assert_rows_equal_a_rebuild()

    def test_dissolving_a_team_recounts_its_sessions_once(self, place):
        from lms.core.signals import members_moved

        team, members = place
        _session(team, days_ago=3)
        sent = []

        def receiver(sender, member_ids, **kwargs):
            sent.append(sorted(member_ids))

        members_moved.connect(receiver)
        try:
            team_dissolve(team=team)
        finally:
            members_moved.disconnect(receiver)
        assert sent == [sorted(m.pk for m in members)]
        assert not AttendanceFact.objects.filter(team=team).exists()
        assert_rows_equal_a_rebuild()

    def test_a_deleted_person_leaves_the_counts(self, place):
        team, members = place
        session = _session(team, days_ago=3)
        member_delete(member=members[0])
        assert (_fact(session, team).invited, _fact(session, ward=team.ward).invited) == (2, 2)
        assert_rows_equal_a_rebuild()

    def test_a_deleted_course_leaves_its_sessions_counted(self, place, site_pages):
        from tests.factories.courses import course_page

        team, _members = place
        course = course_page(title="Khóa sẽ xóa", min_sessions=0)
        session = _session(team, days_ago=3)
        session_update(session=session, course=course)
        assert _fact(session, team).course_id == course.pk
        course.delete()
        assert _fact(session, team).course_id is None
        assert _fact(session, team).invited == 3
        assert_rows_equal_a_rebuild()


@pytest.mark.django_db
def test_a_mark_reset_behind_the_services_never_fails_a_check_in(place):
    """The browser tests reset marks with ``update()``; the counts then say "attended" for
    someone not marked. Their next check-in must succeed, not trip the rows' constraint."""
    from courses.attendance.models import Attendance

    team, members = place
    session = _session(team)
    for member in members:
        attendance_check_in(session=session, member=member)
    Attendance.objects.filter(session=session, member=members[0]).update(status="")
    again = attendance_check_in(session=session, member=members[0])
    assert again.newly_attended
    assert (_fact(session, team).attended, _fact(session, team).invited) == (3, 3)
    assert_rows_equal_a_rebuild()
