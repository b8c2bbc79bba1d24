import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teams.choices import HamletKind, TeamRole, TeamStatus
from teams.models import CommunityTeam, Hamlet, Membership
from teams.services import (
    hamlet_merge,
    member_consent_set,
    member_register,
    member_update,
    membership_join,
    membership_leave,
    team_dissolve,
    team_register,
)
from tests.factories.teams import ProvinceFactory, WardFactory


class TeamRegisterTests:
    def test_default_name_and_one_active_team_per_hamlet(self, area):
        team = team_register(hamlet=area.kv2, decision_number="Số: 123/QĐ-UBND")
        assert team.name == "Tổ công nghệ số cộng đồng Khu phố Khu vực 2"
        assert team.ward == area.vi_tan and team.level == "hamlet"
        with pytest.raises(ValidationError) as exc:
            team_register(hamlet=area.kv2)
        assert "đã có một tổ đang hoạt động" in str(exc.value)

    def test_database_refuses_a_second_active_team_even_without_the_service(self, area):
        with pytest.raises(IntegrityError), transaction.atomic():
            CommunityTeam.objects.create(
                level="hamlet", ward=area.vi_tan, hamlet=area.kv1, name="Tổ thứ hai"
            )

    def test_a_dissolved_team_frees_the_hamlet_and_keeps_history(self, area):
        team_dissolve(team=area.team1, dissolved_on=datetime.date(2026, 1, 31))
        area.team1.refresh_from_db()
        assert area.team1.status == TeamStatus.DISSOLVED
        rows = Membership.objects.filter(team=area.team1)
        assert rows.count() == 2
        assert all(m.left_on == datetime.date(2026, 1, 31) for m in rows)
        assert team_register(hamlet=area.kv1).status == TeamStatus.ACTIVE

    def test_commune_level_team(self, area):
        team = team_register(ward=area.vi_thanh)
        assert team.level == "ward" and team.hamlet is None
        assert team.name == "Tổ công nghệ số cộng đồng Phường Vị Thanh"


class MemberTests:
    def test_phone_is_normalised_and_names_stored_nfc(self, area):
        decomposed = "Nguye\u0302\u0303n  Va\u0306n  An "
        member = member_register(ward=area.vi_tan, full_name=decomposed, phone="+84 912.345.678")
        member.refresh_from_db()
        assert member.phone == "0912345678"
        assert member.full_name == "Nguyễn Văn An"
        assert member.search_key == "nguyen van an 0912345678"

    @pytest.mark.parametrize("phone", ["0123456789", "091234567", "09123456789", "abc"])
    def test_invalid_phone_rejected(self, area, phone):
        with pytest.raises(ValidationError) as exc:
            member_register(ward=area.vi_tan, full_name="Thử", phone=phone)
        assert "phone" in exc.value.message_dict

    @pytest.mark.parametrize(
        "cccd,ok",
        [
            ("092190000123", True),
            ("0921 9000 0124", True),
            ("12345", False),
            ("999190000123", False),
        ],
    )
    def test_cccd_format(self, area, cccd, ok):
        if ok:
            member = member_register(ward=area.vi_tan, full_name="Thử", phone="", cccd=cccd)
            assert len(member.cccd) == 12 and member.cccd.isdigit()
        else:
            with pytest.raises(ValidationError) as exc:
                member_register(ward=area.vi_tan, full_name="Thử", cccd=cccd)
            assert "cccd" in exc.value.message_dict

    def test_phone_unique(self, area):
        with pytest.raises(ValidationError):
            member_register(ward=area.vi_tan, full_name="Trùng", phone="0912 000 005")

    def test_update_normalises(self, area):
        member = member_update(member=area.shy, phone="84912999888")
        assert member.phone == "0912999888"

    def test_consent_records_time_both_ways(self, area, users):
        member = member_consent_set(member=area.shy, consent=True, by=users.member)
        assert member.public_consent and member.public_consent_at is not None
        first = member.public_consent_at
        member = member_consent_set(member=area.shy, consent=False, by=users.member)
        member.refresh_from_db()
        assert member.public_consent is False and member.public_consent_at >= first


class MembershipTests:
    def test_leave_ends_never_deletes(self, area):
        membership = area.shy.memberships.get()
        membership_leave(membership=membership, left_on=datetime.date(2026, 2, 1), reason="Chuyển")
        assert Membership.objects.filter(pk=membership.pk, left_on="2026-02-01").exists()
        again = membership_join(
            member=area.shy, team=area.team1, joined_on=datetime.date(2026, 3, 1)
        )
        assert area.shy.memberships.count() == 2 and again.left_on is None

    def test_second_leader_refused(self, area):
        with pytest.raises(ValidationError):
            membership_join(member=area.other, team=area.team1, role=TeamRole.LEADER)


class HamletMergeTests:
    def test_merge_into_new_hamlet_keeps_old_ones_inactive(self, area):
        merged_on = datetime.date(2026, 7, 1)
        new = hamlet_merge(
            hamlets=[area.kv1, area.kv2],
            merged_on=merged_on,
            name="Khu vực 1",
            kind=HamletKind.KHU_PHO,
        )
        area.kv1.refresh_from_db()
        assert not area.kv1.is_active and area.kv1.valid_to == datetime.date(2026, 6, 30)
        assert list(area.kv1.successors.all()) == [new]
        assert new.valid_from == merged_on and new.is_active
        assert set(new.predecessors.all()) == {area.kv1, area.kv2}
        assert Hamlet.objects.filter(ward=area.vi_tan, is_active=True).count() == 1

    def test_merge_across_wards_refused(self, area):
        with pytest.raises(ValidationError):
            hamlet_merge(hamlets=[area.kv1], into=area.kv4, merged_on=datetime.date(2026, 7, 1))


def test_demo_seed_is_idempotent(db):
    from teams.demo import seed

    for code, name in (("31333", "Phường Vị Tân"), ("31321", "Phường Vị Thanh")):
        WardFactory(code=code, name=name, province=ProvinceFactory(code="92"))
    seed()
    counts = (Hamlet.objects.count(), CommunityTeam.objects.count(), Membership.objects.count())
    assert counts == (4, 3, 9)
    seed()
    assert (
        Hamlet.objects.count(),
        CommunityTeam.objects.count(),
        Membership.objects.count(),
    ) == counts
    leader = Membership.objects.get(member__phone="0912000005").member
    assert leader.public_consent and leader.public_consent_at
