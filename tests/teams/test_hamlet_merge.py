"""Merging hamlets carries their teams along: a team moves to a successor without one, or its
members join the successor's team and it is dissolved. Nothing of the memberships' history is
lost, and the coverage and staffing reports and the public "find your team" page show the
successor, not the merged hamlets."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts.scoping import Scope
from lms.reports.models import CoverageFact
from lms.reports.selectors import coverage_report, report_params, staffing_report
from teams.choices import HamletKind, TeamRole, TeamStatus
from teams.models import CommunityTeam, Hamlet, Membership
from teams.services import hamlet_merge
from tests.factories.teams import MemberFactory, MembershipFactory, TeamFactory

MERGED_ON = datetime.date(2026, 7, 1)
EVERYTHING = Scope(everything=True)


def history(team_ids):
    """Every membership row of these teams as it was: who, where, role, since when."""
    return set(
        Membership.objects.filter(team_id__in=team_ids).values_list(
            "pk", "member_id", "team_id", "role", "joined_on"
        )
    )


def ward_rows(report_fn, ward):
    params = report_params(scope=EVERYTHING, province_id=ward.province_id, ward_id=ward.pk)
    return {row["name"]: row for row in report_fn(params=params).rows}


def find_team_page(client, area, hamlet=None):
    params = {"province": area.can_tho.pk, "ward": area.vi_tan.pk}
    if hamlet is not None:
        params["hamlet"] = hamlet.pk
    return client.get(reverse("teams:find_team"), params).content.decode()


def merge_in_admin(client, user, hamlet, **data):
    client.force_login(user)
    return client.post(
        reverse("teams_hamlet:merge", args=[hamlet.pk]), {"merged_on": "01/07/2026", **data}
    )


class TeamMovedTests:
    """Khu vực 1 (with a team) and Khu vực 2 (none) become a new hamlet: the team moves."""

    @pytest.fixture
    def merged(self, client, area, users):
        self.before = history([area.team1.pk])
        response = merge_in_admin(
            client,
            users.ward_officer,
            area.kv1,
            others=[area.kv2.pk],
            kind="khu_pho",
            name="Khu vực Mới",
        )
        assert response.status_code == 302
        return Hamlet.objects.get(ward=area.vi_tan, is_active=True)

    def test_team_moves_with_members_and_history(self, area, merged):
        team = CommunityTeam.objects.get(pk=area.team1.pk)
        assert (team.hamlet, team.ward, team.status) == (merged, area.vi_tan, TeamStatus.ACTIVE)
        assert team.name == "Tổ công nghệ số cộng đồng Khu phố Khu vực Mới"
        assert history([team.pk]) == self.before  # same rows, nothing ended or added
        assert Membership.objects.filter(team=team, left_on=None).count() == 2
        assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(team.pk)).exists()

    def test_coverage_rows_and_reports_follow(self, area, merged):
        facts = CoverageFact.objects.filter(member__in=[area.leader, area.shy])
        assert set(facts.values_list("hamlet_id", flat=True)) == {merged.pk}
        rows = ward_rows(coverage_report, area.vi_tan)
        assert set(rows) == {"Khu phố Khu vực Mới"}  # no "commune-level" leftover row
        new = rows["Khu phố Khu vực Mới"]
        assert (new["hamlets"], new["hamlets_covered"], new["teams"], new["members"]) == (
            1,
            1,
            1,
            2,
        )
        staffing = ward_rows(staffing_report, area.vi_tan)
        assert staffing["Khu phố Khu vực Mới"]["members"] == 2
        assert set(staffing) == {"Khu phố Khu vực Mới"}

    def test_find_your_team_shows_the_successor(self, client, area, merged):
        page = find_team_page(client, area, merged)
        assert "Tổ công nghệ số cộng đồng Khu phố Khu vực Mới" in page
        assert "Trần Thị Mai" in page  # the consenting leader is still the contact
        page = find_team_page(client, area)
        assert "Tổ công nghệ số cộng đồng Khu phố Khu vực 1" not in page


class TeamsJoinedTests:
    """Khu vực 1 merges into Khu vực 2, which has its own team with a leader: the members of
    the Khu vực 1 team join it (its leader as an ordinary member) and that team is dissolved."""

    @pytest.fixture
    def setup(self, area):
        team2 = TeamFactory(hamlet=area.kv2)
        chief = MemberFactory(full_name="Phạm Văn Tâm", ward=area.vi_tan)
        MembershipFactory(member=chief, team=team2, role=TeamRole.LEADER)
        return team2, chief

    def test_members_join_and_old_team_is_dissolved_with_reason(self, client, area, users, setup):
        team2, chief = setup
        before = history([area.team1.pk, team2.pk])
        response = merge_in_admin(client, users.ward_officer, area.kv1, into=area.kv2.pk)
        assert response.status_code == 302

        team1 = CommunityTeam.objects.get(pk=area.team1.pk)
        assert (team1.status, team1.dissolved_on, team1.hamlet) == (
            TeamStatus.DISSOLVED,
            MERGED_ON,
            area.kv1,
        )
        reason = f"Sáp nhập vào {team2.name}"
        old = Membership.objects.filter(team=team1)
        assert {(m.member_id, m.left_on, m.left_reason) for m in old} == {
            (area.leader.pk, MERGED_ON, reason),
            (area.shy.pk, MERGED_ON, reason),
        }
        now = {m.member_id: m.role for m in Membership.objects.filter(team=team2, left_on=None)}
        assert now == {
            chief.pk: TeamRole.LEADER,
            area.leader.pk: TeamRole.MEMBER,  # a team has one leader
            area.shy.pk: TeamRole.DEPUTY,
        }
        # History: every earlier row is still there, with its dates, plus the two new ones.
        after = history([team1.pk, team2.pk])
        assert before <= after and len(after) == len(before) + 2
        log = ModelLogEntry.objects.get(action="teams.dissolve", object_id=str(team1.pk))
        assert log.data == {"reason": reason} and log.user_id == users.ward_officer.pk

    def test_reports_and_find_your_team_show_the_successor(self, client, area, users, setup):
        team2, _chief = setup
        hamlet_merge(hamlets=[area.kv1], into=area.kv2, merged_on=MERGED_ON)
        facts = CoverageFact.objects.filter(member__in=[area.leader, area.shy])
        assert set(facts.values_list("team_id", "hamlet_id")) == {(team2.pk, area.kv2.pk)}
        rows = ward_rows(coverage_report, area.vi_tan)
        assert set(rows) == {"Khu phố Khu vực 2"}
        kv2 = rows["Khu phố Khu vực 2"]
        assert (kv2["hamlets"], kv2["teams"], kv2["members"]) == (1, 1, 3)
        assert ward_rows(staffing_report, area.vi_tan)["Khu phố Khu vực 2"]["members"] == 3
        page = find_team_page(client, area)
        assert team2.name in page and area.team1.name not in page
        # She agreed to be shown, but as an ordinary member she is no longer a contact.
        assert "Trần Thị Mai" not in page

    def test_leader_keeps_the_role_when_the_successor_has_none(self, area, setup):
        team2, chief = setup
        Membership.objects.filter(member=chief).update(role=TeamRole.MEMBER)
        hamlet_merge(hamlets=[area.kv1], into=area.kv2, merged_on=MERGED_ON)
        assert Membership.objects.get(team=team2, member=area.leader).role == TeamRole.LEADER

    def test_someone_in_both_teams_is_not_added_twice(self, area, setup):
        team2, _chief = setup
        MembershipFactory(member=area.shy, team=team2, role=TeamRole.MEMBER)
        hamlet_merge(hamlets=[area.kv1], into=area.kv2, merged_on=MERGED_ON)
        assert Membership.objects.filter(team=team2, member=area.shy, left_on=None).count() == 1
        assert not Membership.objects.filter(team=area.team1, left_on=None).exists()


def test_merging_two_teams_into_a_new_hamlet(area):
    """The first team moves to the new hamlet, the second joins it."""
    team2 = TeamFactory(hamlet=area.kv2)
    newcomer = MemberFactory(ward=area.vi_tan)
    MembershipFactory(member=newcomer, team=team2, role=TeamRole.LEADER)
    new = hamlet_merge(
        hamlets=[area.kv1, area.kv2], merged_on=MERGED_ON, name="Khu vực 1", kind=HamletKind.KHU_PHO
    )
    active = CommunityTeam.objects.filter(hamlet=new, status=TeamStatus.ACTIVE)
    assert list(active) == [area.team1]
    team2.refresh_from_db()
    assert team2.status == TeamStatus.DISSOLVED
    members = set(Membership.objects.filter(team=area.team1, left_on=None).values_list("member_id"))
    assert members == {(area.leader.pk,), (area.shy.pk,), (newcomer.pk,)}


def test_officer_outside_the_scope_cannot_merge(client, area, users):
    response = merge_in_admin(client, users.other_ward_officer, area.kv1, into=area.kv2.pk)
    assert response.status_code == 404
    response = merge_in_admin(client, users.trainer, area.kv1, into=area.kv2.pk)
    assert response.status_code in (302, 403)
    area.kv1.refresh_from_db()
    area.team1.refresh_from_db()
    assert area.kv1.is_active and area.team1.hamlet_id == area.kv1.pk
    assert area.team1.status == TeamStatus.ACTIVE
